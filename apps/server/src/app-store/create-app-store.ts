import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { AppStoreConfig } from '../config/config';
import type { AppDatabase } from './app-database';
import type { AppStore } from './app-store';

const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

/**
 * Opens the app store. SQLite runs in WAL mode with a busy timeout so that the CLI (bootstrap) can write
 * while the server is running; Postgres reads timestamps back as ISO strings and
 * bigints as numbers, like SQLite.
 */
export function createAppStore(config: AppStoreConfig): AppStore {
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') fs.mkdirSync(path.dirname(config.path), { recursive: true });
    const database = new SqliteDatabase(config.path);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
    const db = new Kysely<AppDatabase>({ dialect: new SqliteDialect({ database }) });
    return {
      kind: 'sqlite',
      db,
      sqlite: database,
      async ping() {
        await sql`select 1`.execute(db);
      },
      async close() {
        await db.destroy();
      },
    };
  }
  const toIso = (v: string) => new Date(v).toISOString();
  const pool = new pg.Pool({
    connectionString: config.url,
    max: 10,
    connectionTimeoutMillis: 5000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID) return toIso;
        // bigint columns hold epoch milliseconds and counts, well inside Number's exact range.
        if (oid === INT8_OID) return Number;
        return pg.types.getTypeParser(oid, format ?? 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    sqlite: null,
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}
