import { parseArgs } from 'node:util';

export type CliCommand =
  | { name: 'start' }
  | {
      name: 'bootstrap';
      email: string;
      password: string;
      organization?: string;
      project?: string;
      json: boolean;
    }
  | { name: 'migrate' }
  | { name: 'help' }
  | { name: 'version' };

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export const USAGE = `Usage: hedgerow <command> [options]

Commands:
  start                 Serve the API and the web app (default http://127.0.0.1:8000)
  bootstrap             Create (or reuse) a user, organization and project; print keys
      --email E           the user's email (required)
      --password P        the user's password (required, at least 8 characters)
      --organization N    organization name (default: the user's first, or "Default organization")
      --project N         project name (default: the organization's first, or "Default project")
      --json              print one JSON object instead of text
  migrate               Create or upgrade the schemas of both stores, then exit
  help                  Show this help
  version               Print the version

Configuration is read from environment variables: HOST, PORT, HEDGEROW_DATA_DIR,
HEDGEROW_DATABASE_URL, HEDGEROW_CLICKHOUSE_URL (+ _USER, _PASSWORD, _DATABASE, _CLUSTER),
HEDGEROW_SITE_URL, HEDGEROW_ALLOW_SIGNUP, HEDGEROW_LOG_LEVEL. See docs/configuration.md.`;

/** Parses `hedgerow …` arguments into a command, or throws a CliUsageError saying what is wrong. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'version':
    case '--version':
    case '-v':
      return { name: 'version' };
    case 'migrate':
      parse(rest, {});
      return { name: 'migrate' };
    case 'start':
      parse(rest, {});
      return { name: 'start' };
    case 'bootstrap': {
      const { values } = parse(rest, {
        email: { type: 'string' },
        password: { type: 'string' },
        organization: { type: 'string' },
        project: { type: 'string' },
        json: { type: 'boolean' },
      });
      if (typeof values.email !== 'string') throw new CliUsageError('bootstrap needs --email.');
      if (typeof values.password !== 'string') throw new CliUsageError('bootstrap needs --password.');
      return {
        name: 'bootstrap',
        email: values.email,
        password: values.password,
        ...(typeof values.organization === 'string' ? { organization: values.organization } : {}),
        ...(typeof values.project === 'string' ? { project: values.project } : {}),
        json: values.json === true,
      };
    }
    default:
      throw new CliUsageError(`Unknown command "${command}".`);
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}
