import { ConfigError, loadConfig } from '../config/config';
import { findWebDist } from '../http/serve-web-app';
import { DataDirLockedError } from '../runtime/data-dir-lock';
import { createLogger } from '../runtime/logger';
import { HEDGEROW_VERSION } from '../version';
import { runBootstrap } from './bootstrap-command';
import { runMigrate } from './migrate-command';
import { CliUsageError, parseCliArgs, USAGE } from './parse-cli-args';
import { startServer } from './start-command';

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

/** Entry point of the `hedgerow` command. Returns the process exit code (the server keeps running). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseCliArgs(argv);
    switch (command.name) {
      case 'help':
        out(USAGE);
        return 0;
      case 'version':
        out(HEDGEROW_VERSION);
        return 0;
      case 'bootstrap': {
        const result = await runBootstrap(loadConfig(process.env), command);
        if (command.json) out(JSON.stringify(result));
        else {
          out(`organization_id   ${result.organization_id}`);
          out(`project_id        ${result.project_id}`);
          out(`project_api_key   ${result.project_api_key}   (public: SDKs send it with events)`);
          out(
            `personal_api_key  ${result.personal_api_key}   (secret: shown once; use as "Authorization: Bearer …")`,
          );
        }
        return 0;
      }
      case 'migrate': {
        const ran = await runMigrate(loadConfig(process.env));
        out(`app store: ${ran.appStore.length ? `applied ${ran.appStore.join(', ')}` : 'up to date'}`);
        out(`event store: ${ran.eventStore.length ? `applied ${ran.eventStore.join(', ')}` : 'up to date'}`);
        return 0;
      }
      case 'start': {
        const config = loadConfig(process.env);
        const logger = createLogger(config.logLevel);
        const server = await startServer(config, logger, { webDist: findWebDist(import.meta.dirname) });
        let signals = 0;
        const shutdown = (signal: string) => {
          signals += 1;
          if (signals > 1) {
            err('Forced exit.');
            process.exit(1);
          }
          out(`\n${signal} received: finishing in-flight requests, flushing and closing stores…`);
          server.stop().then(
            () => {
              out('Hedgerow stopped.');
              process.exit(0);
            },
            (error: unknown) => {
              logger.error({ err: error }, 'error while stopping');
              process.exit(1);
            },
          );
        };
        process.on('SIGTERM', () => shutdown('SIGTERM'));
        process.on('SIGINT', () => shutdown('SIGINT'));
        return 0;
      }
    }
  } catch (error) {
    if (error instanceof CliUsageError) {
      err(`hedgerow: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      err(`hedgerow: ${error.message}`);
      return 1;
    }
    err(`hedgerow: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
