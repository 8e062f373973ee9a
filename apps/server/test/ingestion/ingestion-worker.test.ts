import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startLoad } from '../support/load-generator';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The ingestion worker thread dying under load (ADR 0011): the batches it had are processed again by a
 * new worker, and every acknowledged event ends up stored exactly once, with its persons.
 */
describe('ingestion worker failures', () => {
  let server: TestServer;
  let token: string;
  let teamId: number;

  beforeAll(async () => {
    server = await startTestServer();
    const account = await new ApiClient(server.url).signup('worker@example.com');
    token = account.team.api_token;
    teamId = account.team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('stores every acknowledged event once when the worker is terminated mid-batch, twice', async () => {
    const worker = server.container.ingestionWorker;
    if (!worker) throw new Error('expected ingestion on a worker thread');
    const load = startLoad(server.url, token, { concurrency: 4, batchSize: 100 });
    for (let round = 0; round < 2; round++) {
      // Wait until a batch is in the worker's hands, then end it.
      const seen = server.container.ingestion.stats.batches;
      const deadline = Date.now() + 20_000;
      while (server.container.ingestion.stats.batches === seen && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      await worker.terminate();
    }
    const result = await load.stop();
    await server.container.ingestion.drained(60_000);
    // The terminations did hit batches in flight, and ingestion recovered from them.
    expect(server.container.ingestion.stats.lastError).toMatch(/ingestion worker exited/);
    expect(server.container.ingestion.stats.failures).toBe(0);

    const store = server.container.eventStore;
    const rows = await store.query<{ uuid: string }>({
      sql: `SELECT toString(uuid) AS uuid FROM ${store.database}.events WHERE team_id = {team:Int64}`,
      params: { team: teamId },
    });
    const stored = rows.rows.map((r) => r.uuid);
    expect(new Set(stored).size).toBe(stored.length);
    expect([...result.acknowledged].filter((u) => !stored.includes(u))).toEqual([]);

    // Every distinct id the load used has its person in the read models.
    const persons = await store.query<{ ids: number; missing: number }>({
      sql: `SELECT count() AS ids,
              countIf(person_id NOT IN (SELECT id FROM ${store.database}.persons FINAL
                                        WHERE team_id = {team:Int64} AND is_deleted = 0)) AS missing
            FROM (SELECT distinct_id, argMax(person_id, version) AS person_id
                  FROM ${store.database}.person_distinct_ids WHERE team_id = {team:Int64} GROUP BY distinct_id)`,
      params: { team: teamId },
    });
    expect(persons.rows[0]?.ids).toBe(4 * 20);
    expect(persons.rows[0]?.missing).toBe(0);
  });
});
