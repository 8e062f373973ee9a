import type { ColumnDefinition, TableDefinition } from './schema/table-definition';

/**
 * One versioned step of the event store's schema, described as data so that it renders for a single
 * node or a cluster. Every step must be idempotent (`IF NOT EXISTS`): a migration interrupted half-way
 * is simply run again. Never edit a migration that has shipped; add the next version.
 */
export interface EventStoreMigration {
  version: number;
  name: string;
  steps: readonly EventStoreMigrationStep[];
}

export type EventStoreMigrationStep =
  | { kind: 'createTable'; table: TableDefinition }
  | { kind: 'addColumn'; table: TableDefinition; column: ColumnDefinition };
