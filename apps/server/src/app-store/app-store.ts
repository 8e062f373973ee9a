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
  /** Resolves when the store answers a trivial query; rejects with the driver's error otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
