// Builds what `hedgerow` runs: the server bundle (esbuild, well under a second) and the web app (Vite),
// each only when its sources are newer than its last build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(serverDir, '..', '..');
const webDir = path.join(repoRoot, 'apps', 'web');
const serverOut = path.join(serverDir, 'dist', 'cli.js');
const webStamp = path.join(webDir, 'dist', '.build-stamp');

function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      const base = path.basename(p);
      if (base === 'node_modules' || base === 'dist') return;
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const p of paths) visit(p);
  return newest;
}

function mtimeOf(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const serverSources = () => [
  path.join(serverDir, 'src'),
  path.join(repoRoot, 'packages'),
  path.join(serverDir, 'package.json'),
];
const webSources = () => [
  path.join(webDir, 'src'),
  path.join(webDir, 'index.html'),
  path.join(webDir, 'public'),
  path.join(webDir, 'vite.config.ts'),
  path.join(webDir, 'package.json'),
  path.join(repoRoot, 'packages'),
];

/**
 * Bundles the server into dist/cli.js, and the ingestion worker thread's entry into
 * dist/ingestion-worker-main.js; npm packages stay external, workspace packages are inlined.
 */
export async function ensureServerBuilt({ force = false } = {}) {
  if (!force && mtimeOf(serverOut) > newestMtime(serverSources())) return false;
  const esbuild = await import('esbuild');
  const tmpDir = path.join(path.dirname(serverOut), `.build-${process.pid}`);
  await esbuild.build({
    entryPoints: {
      cli: path.join(serverDir, 'src', 'cli', 'main.ts'),
      'ingestion-worker-main': path.join(serverDir, 'src', 'ingestion', 'ingestion-worker-main.ts'),
    },
    outdir: tmpDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'external-npm-packages',
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@hedgerow/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  // The worker first and cli.js last: cli.js's time is what says the build is complete and current.
  for (const name of ['ingestion-worker-main.js', 'cli.js']) {
    fs.renameSync(path.join(tmpDir, name), path.join(path.dirname(serverOut), name));
    if (fs.existsSync(path.join(tmpDir, `${name}.map`))) {
      fs.renameSync(path.join(tmpDir, `${name}.map`), path.join(path.dirname(serverOut), `${name}.map`));
    }
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
  return true;
}

/** Builds the web app into apps/web/dist with Vite when its sources changed. */
export async function ensureWebBuilt({ force = false, log = () => {} } = {}) {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) return false;
  if (!force && mtimeOf(webStamp) > newestMtime(webSources())) return false;
  log('Building the web app (first start or sources changed)…');
  const started = Date.now();
  const { build } = await import('vite');
  // Always a production build, whatever NODE_ENV the caller runs with (Vitest sets 'test').
  await build({
    root: webDir,
    configFile: path.join(webDir, 'vite.config.ts'),
    logLevel: 'warn',
    mode: 'production',
  });
  fs.writeFileSync(webStamp, new Date().toISOString());
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
