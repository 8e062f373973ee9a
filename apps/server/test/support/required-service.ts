/**
 * Decides whether a suite that needs a real service (Postgres, ClickHouse, Chromium) runs. Locally a
 * missing service skips the suite with a note; under CI (`CI` set) it is a failure, so that CI can
 * never pass by skipping.
 */
export async function requiredService(name: string, probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI) throw new Error(`${name} is required in CI but unavailable: ${reason}`);
    console.warn(`Skipping ${name} tests: ${reason}`);
    return false;
  }
}
