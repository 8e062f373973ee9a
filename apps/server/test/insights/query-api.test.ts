import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

interface Result {
  label: string;
  count: number;
  data: number[];
  breakdown_value?: string;
}

describe('query API: caching, isolation and hostile input', () => {
  let server: TestServer;
  let web: ApiClient;
  const projects: { id: number; token: string }[] = [];

  const send = async (token: string, batch: unknown[]) => {
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: token, historical_migration: true, batch }),
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();
  };
  const trends = (projectId: number, extra: Record<string, unknown> = {}, refresh = false) =>
    web.post<{ results: Result[]; is_cached: boolean; last_refresh: string }>(
      `/api/projects/${projectId}/query/`,
      {
        query: {
          kind: 'TrendsQuery',
          dateRange: { date_from: '2024-01-01', date_to: '2024-01-03' },
          series: [{ kind: 'EventsNode', event: 'clicked' }],
          ...extra,
        },
        refresh,
      },
    );

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('query-api@example.com');
    projects.push({ id: account.team.id, token: account.team.api_token });
    const other = await web.post<{ id: number; api_token: string }>('/api/projects/', { name: 'Other' });
    projects.push({ id: other.body.id, token: other.body.api_token });
    const hostile = ["'; DROP TABLE events; --", 'back\\slash', 'ünï "quoted" 🦔', 'x'.repeat(10_000)];
    await send(
      (projects[0] as { token: string }).token,
      hostile.map((value, i) => ({
        event: 'clicked',
        distinct_id: `u${i}`,
        timestamp: '2024-01-02T10:00:00Z',
        properties: { [value]: value, kind: value },
      })),
    );
    await send((projects[1] as { token: string }).token, [
      { event: 'clicked', distinct_id: 'other', timestamp: '2024-01-02T10:00:00Z' },
      { event: 'clicked', distinct_id: 'other', timestamp: '2024-01-02T11:00:00Z' },
    ]);
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('never reads another project’s rows', async () => {
    const [a, b] = projects as [{ id: number; token: string }, { id: number; token: string }];
    expect((await trends(a.id)).body.results[0]?.data).toEqual([0, 4, 0]);
    expect((await trends(b.id)).body.results[0]?.data).toEqual([0, 2, 0]);
  });

  it('serves identical queries from the cache until data changes, and recomputes on refresh', async () => {
    const [a] = projects as [{ id: number; token: string }];
    const first = await trends(a.id, { interval: 'hour' });
    expect(first.body.is_cached).toBe(false);
    const second = await trends(a.id, { interval: 'hour' });
    expect(second.body.is_cached).toBe(true);
    expect(second.body.last_refresh).toBe(first.body.last_refresh);
    expect((await trends(a.id, { interval: 'hour' }, true)).body.is_cached).toBe(false);
    await send(a.token, [{ event: 'clicked', distinct_id: 'late', timestamp: '2024-01-02T12:00:00Z' }]);
    const after = await trends(a.id, { interval: 'hour' });
    expect(after.body.is_cached).toBe(false);
    expect(after.body.results[0]?.count).toBe(5);
  });

  it('keeps hostile property names and values inert in filters and breakdowns', async () => {
    const [a] = projects as [{ id: number; token: string }];
    const hostile = ["'; DROP TABLE events; --", 'back\\slash', 'ünï "quoted" 🦔', 'x'.repeat(10_000)];
    for (const value of hostile) {
      const filtered = await trends(a.id, {
        properties: [{ key: value, value, operator: 'exact', type: 'event' }],
      });
      expect(filtered.status, JSON.stringify(filtered.body).slice(0, 300)).toBe(200);
      expect(filtered.body.results[0]?.count, value.slice(0, 20)).toBe(1);
      const contains = await trends(a.id, {
        properties: [{ key: 'kind', value, operator: 'icontains', type: 'event' }],
      });
      expect(contains.body.results[0]?.count).toBe(1);
    }
    const broken = await trends(a.id, { breakdownFilter: { breakdown: 'kind', breakdown_type: 'event' } });
    expect(broken.body.results.map((r) => r.breakdown_value).sort()).toEqual(
      [...hostile, '$$_posthog_breakdown_null_$$'].sort(),
    );
    const stillThere = await trends(a.id, {}, true);
    expect(stillThere.body.results[0]?.count).toBe(5);
  });

  it('answers invalid queries with field-precise 400s', async () => {
    const [a] = projects as [{ id: number; token: string }];
    const cases: [unknown, RegExp][] = [
      [{ kind: 'TrendsQuery', series: [] }, /series/],
      [{ kind: 'TrendsQuery', series: [{ kind: 'EventsNode', event: 'x', math: 'nope' }] }, /series.0.math/],
      [
        {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: 'x' }],
          dateRange: { date_from: 'someday' },
        },
        /someday/,
      ],
      [
        {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: 'x' }],
          trendsFilter: { formula: 'A+Z' },
        },
        /formula/i,
      ],
      [{ kind: 'NoSuchQuery' }, /kind/],
      [
        {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: 'clicked' }],
          dateRange: { date_from: '2024-01-01', date_to: '2024-01-03' },
          // The engine meets the invalid pattern only when rows exist, so use the project's events.
          properties: [{ key: 'kind', value: '(', operator: 'regex' }],
        },
        /regex|could not run/i,
      ],
    ];
    for (const [query, detail] of cases) {
      const res = await web.post(`/api/projects/${a.id}/query/`, { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(String(res.body.detail), JSON.stringify(query)).toMatch(detail);
    }
  });
});
