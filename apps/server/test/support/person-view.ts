import type { EventStore } from '../../src/event-store/event-store';

/**
 * What queries see of a project: each event joined to its current person through the distinct-id
 * read model (the latest version of each row), falling back to the event's own person id.
 */
export async function eventsWithPersons(store: EventStore, teamId: number) {
  const db = store.database;
  const result = await store.query<{
    uuid: string;
    event: string;
    distinct_id: string;
    person_id: string;
    person_properties: string;
    group_0: string;
  }>({
    sql: `
      SELECT toString(e.uuid) AS uuid, e.event AS event, e.distinct_id AS distinct_id,
             if(pdi.person_id != toUUID('00000000-0000-0000-0000-000000000000'), pdi.person_id, e.person_id) AS resolved_person,
             toString(resolved_person) AS person_id,
             p.properties AS person_properties, e.$group_0 AS group_0
      FROM ${db}.events AS e
      LEFT JOIN (
        SELECT distinct_id, argMax(person_id, version) AS person_id, argMax(is_deleted, version) AS deleted
        FROM ${db}.person_distinct_ids WHERE team_id = {team:Int64} GROUP BY distinct_id HAVING deleted = 0
      ) AS pdi ON pdi.distinct_id = e.distinct_id
      LEFT JOIN (
        SELECT id, argMax(properties, version) AS properties FROM ${db}.persons
        WHERE team_id = {team:Int64} GROUP BY id HAVING argMax(is_deleted, version) = 0
      ) AS p ON p.id = resolved_person
      WHERE e.team_id = {team:Int64}
      ORDER BY e.timestamp, e.uuid`,
    params: { team: teamId },
  });
  return result.rows.map((r) => ({
    ...r,
    person_properties: JSON.parse(r.person_properties || '{}') as Record<string, unknown>,
  }));
}
