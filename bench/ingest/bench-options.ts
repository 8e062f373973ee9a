import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds of load. */
  duration: number;
  connections: number;
  /** Events per `/batch/` request. */
  batchSize: number;
  users: number;
  /** Record a CPU profile of the server (`node --cpu-prof`) and print its hotspots. */
  profile: boolean;
  /** Most events the raw chDB insert measurement inserts (it inserts as many as capture accepted, up to this). */
  rawMaxEvents: number;
  /** Rows per raw insert. */
  rawBatchRows: number;
  /** Keep the data dirs (and profiles) instead of deleting them. */
  keep: boolean;
  /** Also write the figures as JSON to this file. */
  json: string | null;
}

export const BENCH_USAGE = `npm run bench:ingest -- [options]   (each option also reads BENCH_<NAME> from the environment)
  --duration <s>          seconds of load (60)
  --connections <n>       concurrent HTTP connections (50)
  --batch-size <n>        events per /batch/ request (50)
  --users <n>             distinct users (100000)
  --profile               record a CPU profile of the server and print its hotspots
  --raw-max-events <n>    cap on events for the raw chDB insert measurement (1000000)
  --raw-batch-rows <n>    rows per raw insert (50000)
  --keep                  keep the temporary data dirs and profiles
  --json <file>           also write the figures as JSON`;

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Flags win over BENCH_* environment variables, which win over the defaults. */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      'batch-size': { type: 'string' },
      users: { type: 'string' },
      profile: { type: 'boolean' },
      'raw-max-events': { type: 'string' },
      'raw-batch-rows': { type: 'string' },
      keep: { type: 'boolean' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    process.exit(0);
  }
  const flag = (v: boolean | undefined, name: string) => v ?? ['1', 'true', 'yes'].includes(env[name] ?? '');
  return {
    duration: positiveInteger('duration', values.duration ?? env.BENCH_DURATION, 60),
    connections: positiveInteger('connections', values.connections ?? env.BENCH_CONNECTIONS, 50),
    batchSize: positiveInteger('batch-size', values['batch-size'] ?? env.BENCH_BATCH_SIZE, 50),
    users: positiveInteger('users', values.users ?? env.BENCH_USERS, 100_000),
    profile: flag(values.profile, 'BENCH_PROFILE'),
    rawMaxEvents: positiveInteger(
      'raw-max-events',
      values['raw-max-events'] ?? env.BENCH_RAW_MAX_EVENTS,
      1_000_000,
    ),
    rawBatchRows: positiveInteger(
      'raw-batch-rows',
      values['raw-batch-rows'] ?? env.BENCH_RAW_BATCH_ROWS,
      50_000,
    ),
    keep: flag(values.keep, 'BENCH_KEEP'),
    json: values.json ?? env.BENCH_JSON ?? null,
  };
}
