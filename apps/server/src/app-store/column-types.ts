import type { ColumnDefinitionBuilder } from 'kysely';
import type { AppStoreKind } from './app-store';

/**
 * Column types for migrations, per app store. Migrations use these instead of raw types so that one
 * migration file serves SQLite and Postgres.
 */
export interface ColumnTypes {
  /** Type of an auto-incrementing integer primary key; pair it with `serialPrimaryKey`. */
  serial: 'integer' | 'serial';
  serialPrimaryKey: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  timestamp: 'text' | 'timestamptz';
  json: 'text';
  bool: 'integer' | 'smallint';
  /** 64-bit integer (epoch milliseconds); read back as a JS number on both stores. */
  bigint: 'integer' | 'bigint';
}

export function columnTypesFor(kind: AppStoreKind): ColumnTypes {
  return kind === 'postgres'
    ? {
        serial: 'serial',
        serialPrimaryKey: (c) => c.primaryKey(),
        timestamp: 'timestamptz',
        json: 'text',
        bool: 'smallint',
        bigint: 'bigint',
      }
    : {
        serial: 'integer',
        serialPrimaryKey: (c) => c.primaryKey().autoIncrement(),
        timestamp: 'text',
        json: 'text',
        bool: 'integer',
        bigint: 'integer',
      };
}
