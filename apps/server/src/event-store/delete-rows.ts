import type { EventStore, QueryParam } from './event-store';
import { quoteIdentifier } from './schema/render-ddl';

/** Tables whose rows live in `<name>_local` behind a Distributed table on a cluster. */
const SHARDED_TABLES = new Set(['events', 'ingestion_dead_letters', 'ingestion_warnings']);

/**
 * Deletes rows with a ClickHouse mutation (`ALTER TABLE … DELETE`), on the right table for a single
 * node or a cluster. Mutations run in the background; `wait` makes the call return when done.
 * `where` is SQL we write, with every value bound through `params`.
 */
export async function deleteEventStoreRows(
  store: EventStore,
  table: string,
  where: string,
  params: Record<string, QueryParam>,
  options: { wait?: boolean } = {},
): Promise<void> {
  const name = store.cluster && SHARDED_TABLES.has(table) ? `${table}_local` : table;
  const cluster = store.cluster ? ` ON CLUSTER ${quoteIdentifier(store.cluster)}` : '';
  await store.command(
    {
      sql: `ALTER TABLE ${quoteIdentifier(store.database)}.${quoteIdentifier(name)}${cluster} DELETE WHERE ${where}`,
      params,
    },
    options.wait ? { settings: { mutations_sync: 2 } } : {},
  );
}
