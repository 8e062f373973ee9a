import type { EventStore } from '../../event-store/event-store';
import { quoteIdentifier } from '../../event-store/schema/render-ddl';

export type PersonListRow = {
  id: string;
  properties: string;
  is_identified: number;
  created_at: string;
};

/**
 * Person lists from the event store's read models (the latest version of every row), the way
 * PostHog's persons API reads ClickHouse: they scale with the data and may trail ingestion by a batch.
 */
export class PersonQueries {
  constructor(private readonly store: EventStore) {}

  #tables() {
    const db = quoteIdentifier(this.store.database);
    const persons = `(SELECT id, argMax(properties, version) AS properties, argMax(is_identified, version) AS is_identified,
        argMax(created_at, version) AS created_at, argMax(is_deleted, version) AS deleted
      FROM ${db}.persons WHERE team_id = {team:Int64} GROUP BY id HAVING deleted = 0)`;
    const distinctIds = `(SELECT distinct_id, argMax(person_id, version) AS person_id, argMax(is_deleted, version) AS deleted
      FROM ${db}.person_distinct_ids WHERE team_id = {team:Int64} GROUP BY distinct_id HAVING deleted = 0)`;
    return { persons, distinctIds };
  }

  /**
   * Newest persons first. `search` matches email, name or any distinct id (case-insensitive,
   * substring); `distinctId` finds the person of exactly that id.
   */
  async list(
    teamId: number,
    filter: { search?: string; distinctId?: string },
    page: { limit: number; offset: number },
  ): Promise<PersonListRow[]> {
    const { persons, distinctIds } = this.#tables();
    const where: string[] = [];
    const params: Record<string, string | number> = { team: teamId, limit: page.limit, offset: page.offset };
    if (filter.search) {
      params.q = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(JSONExtractString(properties, 'email') ILIKE {q:String} OR JSONExtractString(properties, 'name') ILIKE {q:String}
        OR id IN (SELECT person_id FROM ${distinctIds} WHERE distinct_id ILIKE {q:String}))`);
    }
    if (filter.distinctId !== undefined) {
      params.distinct_id = filter.distinctId;
      where.push(`id IN (SELECT person_id FROM ${distinctIds} WHERE distinct_id = {distinct_id:String})`);
    }
    const result = await this.store.query<PersonListRow>({
      sql: `SELECT toString(id) AS id, properties, is_identified, toString(created_at) AS created_at
            FROM ${persons}
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
            ORDER BY created_at DESC, id
            LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
      params,
    });
    return result.rows;
  }

  /** Distinct ids of each person, sorted. */
  async distinctIdsOf(teamId: number, personIds: readonly string[]): Promise<Map<string, string[]>> {
    if (personIds.length === 0) return new Map();
    const { distinctIds } = this.#tables();
    const result = await this.store.query<{ pid: string; ids: string[] }>({
      // The alias must not be person_id: ClickHouse would resolve the WHERE against it.
      sql: `SELECT toString(person_id) AS pid, arraySort(groupArray(distinct_id)) AS ids
            FROM ${distinctIds} WHERE person_id IN {ids:Array(UUID)} GROUP BY person_id`,
      params: { team: teamId, ids: [...personIds] },
    });
    return new Map(result.rows.map((r) => [r.pid, r.ids]));
  }
}
