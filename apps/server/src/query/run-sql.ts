import type { EventStore, QueryOptions, Row } from '../event-store/event-store';
import { compileSql } from './sql/compile-sql';
import type { Select, Union } from './sql/sql-ast';

/**
 * Runs a SQL tree for one project: compiled once with every value bound and every project table
 * scoped to `teamId`, then executed on the event store. Insights and the read APIs (events, persons,
 * ingestion warnings) all read analytics tables through here, so none of them scopes SQL by hand.
 */
export async function runSql<T extends Row>(
  store: EventStore,
  teamId: number,
  query: Select | Union,
  options?: QueryOptions,
): Promise<T[]> {
  const result = await store.query<T>(compileSql(query, { database: store.database, teamId }), options);
  return result.rows;
}
