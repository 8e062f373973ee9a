import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

type Actor = { id: string; distinct_ids: string[]; properties: Record<string, unknown> };

describe('ActorsQuery: the people behind a number', () => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;
  const trends = {
    kind: 'TrendsQuery',
    dateRange: { date_from: '2024-01-01', date_to: '2024-01-03' },
    series: [{ kind: 'EventsNode', event: 'viewed' }],
    breakdownFilter: { breakdown: '$browser', breakdown_type: 'event' },
  };

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('actors@example.com');
    projectId = account.team.id;
    const e = (d: string, ts: string, browser: string, set: Record<string, unknown> = {}) => ({
      event: 'viewed',
      distinct_id: d,
      timestamp: ts,
      properties: { $browser: browser, $set: set },
    });
    const batch = [
      e('ada', '2024-01-01T10:00:00Z', 'Firefox', { email: 'ada@x.io' }),
      e('ada', '2024-01-01T11:00:00Z', 'Firefox'),
      e('bob', '2024-01-01T12:00:00Z', 'Chrome', { email: 'bob@y.io' }),
      e('cy', '2024-01-02T12:00:00Z', 'Chrome', { email: 'cy@x.io' }),
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

  const actors = (query: Record<string, unknown>) =>
    web.post<{ columns: string[]; results: [Actor, number][]; hasMore: boolean }>(
      `/api/projects/${projectId}/query/`,
      { query },
    );

  it('lists the persons behind a trends point with their event counts, most active first', async () => {
    const day1 = await actors({
      kind: 'ActorsQuery',
      source: {
        kind: 'InsightActorsQuery',
        source: { ...trends, breakdownFilter: undefined },
        day: '2024-01-01',
      },
    });
    expect(day1.status, JSON.stringify(day1.body)).toBe(200);
    expect(day1.body.columns).toEqual(['actor', 'event_count']);
    expect(day1.body.results.map(([a, n]) => [a.distinct_ids, n])).toEqual([
      [['ada'], 2],
      [['bob'], 1],
    ]);
    expect(day1.body.results[0]?.[0].properties).toEqual({ email: 'ada@x.io' });
  });

  it('narrows by breakdown value, and answers a bare InsightActorsQuery too', async () => {
    const chrome = await actors({ kind: 'InsightActorsQuery', source: trends, breakdown: 'Chrome' });
    expect(chrome.body.results.map(([a]) => a.distinct_ids[0]).sort()).toEqual(['bob', 'cy']);
    const chromeDay2 = await actors({
      kind: 'InsightActorsQuery',
      source: trends,
      breakdown: 'Chrome',
      day: '2024-01-02',
    });
    expect(chromeDay2.body.results.map(([a]) => a.distinct_ids[0])).toEqual(['cy']);
  });

  it('pages, searches and filters persons', async () => {
    const page = await actors({
      kind: 'ActorsQuery',
      source: { kind: 'InsightActorsQuery', source: trends },
      limit: 1,
    });
    expect(page.body.results).toHaveLength(1);
    expect(page.body.hasMore).toBe(true);
    const searched = await actors({ kind: 'ActorsQuery', search: '@x.io' });
    expect(searched.body.results.map(([a]) => a.distinct_ids[0]).sort()).toEqual(['ada', 'cy']);
    const filtered = await actors({
      kind: 'ActorsQuery',
      properties: [{ key: 'email', value: 'bob', operator: 'icontains', type: 'person' }],
    });
    expect(filtered.body.results.map(([a]) => a.distinct_ids[0])).toEqual(['bob']);
  });

  it('refuses points that do not exist', async () => {
    const res = await actors({ kind: 'InsightActorsQuery', source: trends, series: 3 });
    expect(res.status).toBe(400);
    const badDay = await actors({ kind: 'InsightActorsQuery', source: trends, day: 'yesterday' });
    expect(badDay.status).toBe(400);
    const funnel = {
      kind: 'FunnelsQuery',
      series: [
        { kind: 'EventsNode', event: 'viewed' },
        { kind: 'EventsNode', event: 'bought' },
      ],
    };
    expect((await actors({ kind: 'InsightActorsQuery', source: funnel, funnelStep: 5 })).status).toBe(400);
  });
});
