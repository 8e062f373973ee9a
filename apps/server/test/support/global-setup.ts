/**
 * Runs once before every test: builds the server bundle and the web app when their sources changed,
 * so that child processes (`hedgerow start`) and browser tests find them ready instead of each
 * building on their own.
 */
export default async function globalSetup(): Promise<void> {
  const { ensureServerBuilt, ensureWebBuilt } = await import('../../scripts/build.mjs');
  await ensureServerBuilt();
  await ensureWebBuilt({ log: (line: string) => process.stderr.write(`${line}\n`) });
}
