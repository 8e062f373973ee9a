import path from 'node:path';
import { parseArgs } from 'node:util';

export interface QueryBenchOptions {
  persons: number;
  events: number;
  days: number;
  seed: number;
  /** Timed runs per query (after one untimed warm-up); the median is reported. */
  runs: number;
  /** Where generated datasets are kept between runs. */
  dataDir: string;
  /** Generate the dataset again even when a cached one exists. */
  regenerate: boolean;
  /** Only these cases (names or kinds, e.g. `funnel`, `trends dau`); all when empty. */
  only: string[];
  /** Print each case's SQL (ours and the reference) with per-statement times. */
  sql: boolean;
  json: string | null;
}

export const QUERY_BENCH_USAGE = `npm run bench:query -- [options]   (each option also reads BENCH_<NAME> from the environment)
  --persons <n>      persons (100000)
  --events <n>       events to generate (10000000)
  --days <n>         days of data, ending at the benchmark's fixed "now" (90)
  --seed <n>         generator seed (42)
  --runs <n>         timed runs per query, median reported (5)
  --data-dir <dir>   where generated datasets are cached (.hedgerow/bench-query)
  --regenerate       generate the dataset again even if it is cached
  --only <list>      comma-separated cases to run (e.g. "funnel,trends dau")
  --sql              print the SQL of each case, ours and the reference, with statement times
  --json <file>      also write the figures as JSON`;

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Flags win over BENCH_* environment variables, which win over the defaults. */
export function parseQueryBenchOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
  root: string,
): QueryBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      persons: { type: 'string' },
      events: { type: 'string' },
      days: { type: 'string' },
      seed: { type: 'string' },
      runs: { type: 'string' },
      'data-dir': { type: 'string' },
      regenerate: { type: 'boolean' },
      only: { type: 'string' },
      sql: { type: 'boolean' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${QUERY_BENCH_USAGE}\n`);
    process.exit(0);
  }
  const flag = (v: boolean | undefined, name: string) => v ?? ['1', 'true', 'yes'].includes(env[name] ?? '');
  const only = values.only ?? env.BENCH_ONLY ?? '';
  return {
    persons: positiveInteger('persons', values.persons ?? env.BENCH_PERSONS, 100_000),
    events: positiveInteger('events', values.events ?? env.BENCH_EVENTS, 10_000_000),
    days: positiveInteger('days', values.days ?? env.BENCH_DAYS, 90),
    seed: positiveInteger('seed', values.seed ?? env.BENCH_SEED, 42),
    runs: positiveInteger('runs', values.runs ?? env.BENCH_RUNS, 5),
    dataDir: path.resolve(root, values['data-dir'] ?? env.BENCH_DATA_DIR ?? '.hedgerow/bench-query'),
    regenerate: flag(values.regenerate, 'BENCH_REGENERATE'),
    only: only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    sql: flag(values.sql, 'BENCH_SQL'),
    json: values.json ?? env.BENCH_JSON ?? null,
  };
}
