import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('EventsQuery through the query API', () => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('events-query@example.com');
    projectId = account.team.id;
    const batch = [
      {
        event: '$pageview',
        distinct_id: 'ada',
        timestamp: at(50),
        properties: { $browser: 'Firefox', price: 10 },
      },
      {
        event: '$pageview',
        distinct_id: 'ada',
        timestamp: at(40),
        properties: { $browser: 'Firefox', price: 30 },
      },
      {
        event: 'purchase',
        distinct_id: 'bob',
        timestamp: at(30),
        properties: { $browser: 'Chrome', price: 99, $set: { email: 'bob@x.io' } },
      },
      {
        event: '$pageview',
        distinct_id: 'bob',
        timestamp: at(20),
        properties: { $browser: "Chrome'; DROP TABLE events; --" },
      },
      { event: 'old', distinct_id: 'bob', timestamp: at(60 * 48) },
    ];
    await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: account.team.api_token, historical_migration: true, batch }),
    });
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const run = (query: Record<string, unknown>) =>
    web.post<{ columns: string[]; results: unknown[][]; hasMore: boolean }>(
      `/api/projects/${projectId}/query/`,
      {
        query: { kind: 'EventsQuery', ...query },
      },
    );

  it('selects columns and properties of the last 24 hours, newest first', async () => {
    const res = await run({
      select: ['event', 'distinct_id', 'properties.$browser', 'properties.price', 'timestamp'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r) => r.slice(0, 4))).toEqual([
      ['$pageview', 'bob', "Chrome'; DROP TABLE events; --", null],
      ['purchase', 'bob', 'Chrome', 99],
      ['$pageview', 'ada', 'Firefox', 30],
      ['$pageview', 'ada', 'Firefox', 10],
    ]);
    expect(res.body.results[0]?.[4]).toBe(at(20));
  });

  it('aggregates with grouping, filters with where and properties, reads person properties', async () => {
    const grouped = await run({
      select: ['event', 'count()', 'count(distinct distinct_id)', 'sum(properties.price)'],
      orderBy: ['event'],
    });
    expect(grouped.body.results).toEqual([
      ['$pageview', 3, 2, 40],
      ['purchase', 1, 1, 99],
    ]);
    const filtered = await run({
      select: ['distinct_id', 'person.properties.email'],
      where: ["properties.$browser = 'Chrome'", 'properties.price > 50'],
      properties: [{ key: '$browser', value: 'chrome', operator: 'icontains', type: 'event' }],
    });
    expect(filtered.body.results).toEqual([['bob', 'bob@x.io']]);
    const all = await run({ select: ['count()'], after: '-7d' });
    expect(all.body.results).toEqual([[5]]);
  });

  it('returns whole events for *, pages with limit and offset', async () => {
    const page = await run({ select: ['*'], limit: 2, offset: 1 });
    expect(page.body.hasMore).toBe(true);
    expect(page.body.results.map((r) => (r[0] as { event: string }).event)).toEqual([
      'purchase',
      '$pageview',
    ]);
    expect(page.body.results[0]?.[0]).toMatchObject({ distinct_id: 'bob', properties: { price: 99 } });
  });

  it('refuses what is not a safe expression, with a 400 saying why', async () => {
    for (const select of [
      ['event; DROP TABLE events'],
      ['sleep(10)'],
      ['system.tables'],
      ['count(count())'],
    ]) {
      const res = await run({ select });
      expect(res.status, select[0]).toBe(400);
      expect(res.body).toMatchObject({ type: 'validation_error' });
    }
  });
});
