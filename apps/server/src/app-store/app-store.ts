import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { AppDatabase } from './app-database';

export type AppStoreKind = 'sqlite' | 'postgres';

/**
 * The OLTP store behind organizations, users, projects and the app's other objects. Repositories take
 * `db` and build queries with Kysely; the same queries run on SQLite and Postgres.
 */
export interface AppStore {
  readonly kind: AppStoreKind;
  readonly db: Kysely<AppDatabase>;
  /**
   * The SQLite connection behind `db` (null on Postgres), for the few hot ingestion paths that keep
   * their own prepared statements (Kysely compiles and prepares every query anew). It is the same
   * connection, so it shares `db`'s transactions: never start one on it while a Kysely one is open.
   */
  readonly sqlite: SqliteDatabase.Database | null;
  /** Resolves when the store answers a trivial query; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
