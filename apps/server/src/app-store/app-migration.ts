import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types';

/**
 * One versioned step of the app store's schema. `name` sorts in the order migrations run
 * (`0001-tenancy`, `0002-…`); a migration that has run is never run again, and one that has run must
 * never be edited: add a new one instead.
 */
export interface AppMigration {
  name: string;
  /** `db` is untyped on purpose: a migration sees the schema as it was when it was written. */
  up(db: Kysely<unknown>, types: ColumnTypes): Promise<void>;
}
