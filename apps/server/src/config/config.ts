import path from 'node:path';
import { z } from 'zod';

/** Where analytics data lives: embedded chDB under the data dir, or a ClickHouse server over HTTP. */
export type EventStoreConfig =
  | { kind: 'chdb'; path: string; database: string }
  | {
      kind: 'clickhouse';
      url: string;
      username: string;
      password: string;
      database: string;
      /** When set, DDL runs `ON CLUSTER` with Replicated and Distributed tables. */
      cluster: string | null;
    };

/** Where organizations, users, projects and the rest of the app's state live. */
export type AppStoreConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Public URL of this server, used in snippets, pagination links and cookie security. */
  siteUrl: string;
  eventStore: EventStoreConfig;
  appStore: AppStoreConfig;
  /** Whether anyone may sign up and create an organization (the first user always may). */
  allowSignup: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Which proxies may set X-Forwarded-For (for `$ip` and rate limits): false (none, the default), true
   * (any), a hop count, or a list of addresses/CIDRs. Passed to Fastify's `trustProxy`.
   */
  trustedProxies: boolean | number | string[];
  /** Capture answers 503 once this many bytes wait in the spool (the event store is down or slow). */
  spoolMaxBytes: number;
  /** Longest an insight query may run before it is stopped with a clear error. */
  queryTimeoutMs: number;
  /** Run ingestion on a worker thread (the default) rather than on the main thread (ADR 0011). */
  ingestionWorker: boolean;
}

const booleanish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HEDGEROW_DATA_DIR: z.string().min(1).default('./.hedgerow'),
  HEDGEROW_SITE_URL: z.url().optional(),
  HEDGEROW_CLICKHOUSE_URL: z.url().optional(),
  HEDGEROW_CLICKHOUSE_USER: z.string().default('default'),
  HEDGEROW_CLICKHOUSE_PASSWORD: z.string().default(''),
  HEDGEROW_CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
    .default('hedgerow'),
  HEDGEROW_CLICKHOUSE_CLUSTER: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a plain cluster name')
    .optional(),
  HEDGEROW_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  HEDGEROW_ALLOW_SIGNUP: booleanish.default(true),
  HEDGEROW_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HEDGEROW_TRUSTED_PROXIES: z
    .string()
    .transform((v): boolean | number | string[] =>
      v === 'true'
        ? true
        : v === 'false'
          ? false
          : /^\d+$/.test(v)
            ? Number(v)
            : v.split(',').map((x) => x.trim()),
    )
    .default(false),
  HEDGEROW_SPOOL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(1024 ** 3),
  HEDGEROW_QUERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  HEDGEROW_INGESTION_WORKER: booleanish.default(true),
});

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Reads the configuration from environment variables. Every problem is reported at once, naming the
 * variable, so a misconfigured deployment fails at start-up rather than on first use.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const nonEmpty = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(nonEmpty);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.HEDGEROW_DATA_DIR);
  const displayHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST;
  const siteUrl = (e.HEDGEROW_SITE_URL ?? `http://${displayHost}:${e.PORT}`).replace(/\/+$/, '');
  const eventStore: EventStoreConfig = e.HEDGEROW_CLICKHOUSE_URL
    ? {
        kind: 'clickhouse',
        url: e.HEDGEROW_CLICKHOUSE_URL,
        username: e.HEDGEROW_CLICKHOUSE_USER,
        password: e.HEDGEROW_CLICKHOUSE_PASSWORD,
        database: e.HEDGEROW_CLICKHOUSE_DATABASE,
        cluster: e.HEDGEROW_CLICKHOUSE_CLUSTER ?? null,
      }
    : { kind: 'chdb', path: path.join(dataDir, 'events'), database: e.HEDGEROW_CLICKHOUSE_DATABASE };
  const appStore: AppStoreConfig = e.HEDGEROW_DATABASE_URL
    ? { kind: 'postgres', url: e.HEDGEROW_DATABASE_URL }
    : { kind: 'sqlite', path: path.join(dataDir, 'app.sqlite') };
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir,
    siteUrl,
    eventStore,
    appStore,
    allowSignup: e.HEDGEROW_ALLOW_SIGNUP,
    logLevel: e.HEDGEROW_LOG_LEVEL,
    trustedProxies: e.HEDGEROW_TRUSTED_PROXIES,
    spoolMaxBytes: e.HEDGEROW_SPOOL_MAX_BYTES,
    queryTimeoutMs: e.HEDGEROW_QUERY_TIMEOUT_SECONDS * 1000,
    ingestionWorker: e.HEDGEROW_INGESTION_WORKER,
  };
}

/** A one-line description of a store for start-up output, with any password removed. */
export function describeEventStore(c: EventStoreConfig): string {
  if (c.kind === 'chdb') return `chDB (embedded ClickHouse) at ${c.path}`;
  const u = new URL(c.url);
  u.password = '';
  u.username = '';
  const cluster = c.cluster ? `, cluster ${c.cluster}` : '';
  return `ClickHouse at ${u.origin}, database ${c.database}${cluster}`;
}

export function describeAppStore(c: AppStoreConfig): string {
  if (c.kind === 'sqlite') return `SQLite at ${c.path}`;
  const u = new URL(c.url);
  if (u.password) u.password = '***';
  return `PostgreSQL at ${u.host}${u.pathname}`;
}
