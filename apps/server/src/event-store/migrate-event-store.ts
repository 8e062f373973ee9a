import type { EventStore } from './event-store';
import type { EventStoreMigration, EventStoreMigrationStep } from './event-store-migration';
import { eventStoreMigrations } from './event-store-migrations';
import {
  type DdlTarget,
  quoteIdentifier,
  renderAddColumn,
  renderCreateDatabase,
  renderCreateTable,
} from './schema/render-ddl';
import type { TableDefinition } from './schema/table-definition';

/** Records which migrations have run; lives beside the tables it describes. */
export const schemaMigrationsTable: TableDefinition = {
  name: 'hedgerow_schema_migrations',
  columns: [
    { name: 'version', type: 'UInt32' },
    { name: 'name', type: 'String' },
    { name: 'applied_at', type: "DateTime64(3, 'UTC')", default: 'now64(3)' },
  ],
  engine: { kind: 'MergeTree' },
  orderBy: ['version'],
  distribution: { kind: 'replicated' },
};

function renderStep(step: EventStoreMigrationStep, target: DdlTarget): string[] {
  return step.kind === 'createTable'
    ? renderCreateTable(step.table, target)
    : renderAddColumn(step.table, step.column, target);
}

/**
 * Brings the event store's schema up to date: creates the database, then runs every migration whose
 * version is not yet recorded. Running it again is a no-op; running it after an interruption finishes
 * the job, because every statement is idempotent.
 */
export async function migrateEventStore(
  store: EventStore,
  migrations: readonly EventStoreMigration[] = eventStoreMigrations,
): Promise<{ applied: string[] }> {
  const target: DdlTarget = { database: store.database, cluster: store.cluster };
  await store.command({ sql: renderCreateDatabase(target) });
  for (const sql of renderCreateTable(schemaMigrationsTable, target)) await store.command({ sql });

  const done = await store.query<{ version: number }>({
    sql: `SELECT DISTINCT version FROM ${quoteIdentifier(target.database)}.hedgerow_schema_migrations`,
  });
  const applied = new Set(done.rows.map((r) => Number(r.version)));
  const ran: string[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    for (const step of m.steps) for (const sql of renderStep(step, target)) await store.command({ sql });
    await store.insert('hedgerow_schema_migrations', [{ version: m.version, name: m.name }]);
    ran.push(`${String(m.version).padStart(4, '0')}-${m.name}`);
  }
  return { applied: ran };
}
