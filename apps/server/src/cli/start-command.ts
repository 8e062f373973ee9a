import type { FastifyInstance } from 'fastify';
import { type Config, describeAppStore, describeEventStore } from '../config/config';
import { type Container, createContainer } from '../container';
import { buildHttpApp } from '../http/build-http-app';
import { DataDirLock } from '../runtime/data-dir-lock';
import type { Logger } from '../runtime/logger';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  container: Container;
  /** Stops taking requests, waits for in-flight ones, flushes writers and closes the stores. */
  stop(): Promise<void>;
}

/**
 * Starts a Hedgerow server: locks the data dir, builds the container, listens, and prints where it
 * listens, which stores it uses and how to sign in.
 */
export async function startServer(
  config: Config,
  logger: Logger,
  options: { webDist: string | null; print?: (line: string) => void },
): Promise<RunningServer> {
  const lock = DataDirLock.acquire(config.dataDir);
  let container: Container;
  try {
    container = await createContainer(config, logger);
  } catch (error) {
    lock.release();
    throw error;
  }
  const app = await buildHttpApp(container, { webDist: options.webDist });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await container.close();
    lock.release();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.siteUrl.replace(/:\d+$/, `:${port}`);

  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const firstUser = !(await container.accounts.hasUsers());
  print(`\nHedgerow ${container.version} is running at ${url}`);
  print(`  event store  ${describeEventStore(config.eventStore)}`);
  print(`  app store    ${describeAppStore(config.appStore)}`);
  print(`  data dir     ${config.dataDir}`);
  if (!container.eventStoreReadiness.isReady)
    print('  (the event store is not reachable yet; retrying in the background)');
  print(
    firstUser
      ? `\nSign in: open ${url} and create the first account, or run\n  npx hedgerow bootstrap --email you@example.com --password '<at least 8 characters>' --json`
      : `\nSign in at ${url}/login`,
  );
  print('Press Ctrl+C to stop.\n');

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await app.close();
      await container.close();
      lock.release();
    })();
    return stopping;
  };
  return { url, app, container, stop };
}
