import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { eventsWithPersons } from '../support/person-view';
import { postgresAvailable } from '../support/postgres-database';
import { realisticCaptureStream, seededRandom, shuffled } from '../support/realistic-stream';
import { type AppStoreKind, startTestServer, type TestServer } from '../support/test-server';

/**
 * The same events, sent over HTTP in different orders and batchings (each to its own project), must
 * give identical persons and identical query results.
 */
const appStores: AppStoreKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(appStores)('results do not depend on arrival order (app store on %s)', (appStore) => {
  let server: TestServer;
  let web: ApiClient;
  beforeAll(async () => {
    server = await startTestServer({ appStore });
    web = new ApiClient(server.url);
    await web.signup('order@example.com');
  });
  afterAll(async () => {
    await server?.destroy();
  });

  /** A project's results with person ids replaced by their distinct ids, comparable across projects. */
  async function results(teamId: number) {
    const rows = await eventsWithPersons(server.container.eventStore, teamId);
    const idsOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = idsOf.get(r.person_id) ?? new Set();
      set.add(r.distinct_id);
      idsOf.set(r.person_id, set);
    }
    const personName = (pid: string) => [...(idsOf.get(pid) ?? [])].sort().join('+');
    const perEvent = rows
      .map((r) => ({
        uuid: r.uuid,
        person: personName(r.person_id),
        properties: r.person_properties,
        group: r.group_0,
      }))
      .sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
    const uniquePersonsPerEvent: Record<string, number> = {};
    for (const name of new Set(rows.map((r) => r.event))) {
      uniquePersonsPerEvent[name] = new Set(
        rows.filter((r) => r.event === name).map((r) => r.person_id),
      ).size;
    }
    const store = server.container.eventStore;
    const groups = await store.query<{ key: string; properties: string }>({
      sql: `SELECT group_key AS key, argMax(group_properties, version) AS properties
            FROM ${store.database}.groups WHERE team_id = {team:Int64} GROUP BY group_key ORDER BY key`,
      params: { team: teamId },
    });
    const groupProperties = groups.rows.map((g) => ({ key: g.key, properties: JSON.parse(g.properties) }));
    return { perEvent, uniquePersonsPerEvent, groupProperties };
  }

  it('gives identical persons and results for six different arrival orders', async () => {
    const stream = realisticCaptureStream(seededRandom(42));
    const outcomes = [];
    for (let seed = 0; seed < 6; seed++) {
      const project = await web.post<{ id: number; api_token: string }>('/api/projects/', {
        name: `order ${seed}`,
      });
      const random = seededRandom(seed);
      const events = seed === 0 ? stream : shuffled(stream, random);
      for (let i = 0; i < events.length; ) {
        const size = 1 + Math.floor(random() * 12);
        const body = JSON.stringify({ api_key: project.body.api_token, batch: events.slice(i, i + size) });
        const res = await fetch(`${server.url}/batch/`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status).toBe(200);
        i += size;
        // Let some batches be ingested before the next arrive, so the orders truly differ.
        if (random() < 0.3) await server.container.ingestion.drained();
      }
      await server.container.ingestion.drained();
      outcomes.push(await results(project.body.id));
    }
    const [first, ...rest] = outcomes;
    expect(first?.perEvent.length).toBe(stream.length);
    expect(first?.uniquePersonsPerEvent.$identify).toBeGreaterThan(5);
    // The last update of each group by event time: co-0 got tier-0 then tier-3, co-1 tier-1, co-2 tier-2.
    expect(first?.groupProperties).toEqual([
      { key: 'co-0', properties: { tier: 'tier-3', seats: 40 } },
      { key: 'co-1', properties: { name: 'Co One', tier: 'tier-1', seats: 20 } },
      { key: 'co-2', properties: { tier: 'tier-2', seats: 30 } },
    ]);
    for (const [i, other] of rest.entries()) expect(other, `order ${i + 1}`).toEqual(first);
  });
});
