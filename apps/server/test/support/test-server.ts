import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningServer, startServer } from '../../src/cli/start-command';
import { loadConfig } from '../../src/config/config';
import { findWebDist } from '../../src/http/serve-web-app';
import { createLogger } from '../../src/runtime/logger';
import { createTestDatabase } from './postgres-database';

export type AppStoreKind = 'sqlite' | 'postgres';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Stops the server and removes its data (and its Postgres database). */
  destroy(): Promise<void>;
}

/**
 * A real Hedgerow server on a random port, with its own data dir (chDB + SQLite), or a fresh
 * Postgres database for the app store. Talk to it over HTTP with ApiClient. With `webApp`, it also
 * serves the built web app (apps/web/dist, built by the global setup) for browser tests.
 */
export async function startTestServer(
  options: { appStore?: AppStoreKind; env?: Record<string, string>; webApp?: boolean } = {},
): Promise<TestServer> {
  const webDist = options.webApp ? findWebDist(path.dirname(fileURLToPath(import.meta.url))) : null;
  if (options.webApp && !webDist)
    throw new Error('The web app is not built (apps/web/dist); run npm run build.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-test-'));
  const database = options.appStore === 'postgres' ? await createTestDatabase() : null;
  const config = loadConfig({
    HEDGEROW_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    HEDGEROW_LOG_LEVEL: 'silent',
    ...(database ? { HEDGEROW_DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  const server = await startServer(config, createLogger('silent'), { webDist, print: () => {} });
  return {
    ...server,
    dataDir,
    async destroy() {
      await server.stop();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
