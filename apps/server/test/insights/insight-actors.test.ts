import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

type Actor = { id: string; distinct_ids: string[]; properties: Record<string, unknown> };
type Page = { columns: string[]; types: string[]; results: unknown[][]; hasMore: boolean };

/**
 * The actors behind retention cells, lifecycle, stickiness and paths points, and ActorsQuery.orderBy,
 * through the HTTP API on chDB. Page views of four persons over five days (UTC project):
 *
 *   a: 03-01 /home → /pricing; 03-02 /home; 03-04 /home
 *   b: 03-01 /home → /docs;    03-03 /home → /pricing
 *   c: 03-02 /home → /pricing → /signup
 *   d: 03-03 /pricing
 *
 * Every expectation below is worked out by hand from these rows and INSIGHTS.md.
 */
describe('InsightActorsQuery: retention, lifecycle, stickiness and paths', () => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('insight-actors@example.com');
    projectId = account.team.id;
    const view = (d: string, ts: string, url: string, set?: Record<string, unknown>) => ({
      event: '$pageview',
      distinct_id: d,
      timestamp: ts,
      properties: { $current_url: `https://shop.example${url}`, ...(set ? { $set: set } : {}) },
    });
    const batch = [
      view('a', '2024-03-01T10:00:00Z', '/home', { email: 'zed@x.io' }),
      view('a', '2024-03-01T10:05:00Z', '/pricing'),
      view('a', '2024-03-02T10:00:00Z', '/home'),
      view('a', '2024-03-04T10:00:00Z', '/home'),
      view('b', '2024-03-01T11:00:00Z', '/home', { email: 'amy@x.io' }),
      view('b', '2024-03-01T11:10:00Z', '/docs'),
      view('b', '2024-03-03T11:00:00Z', '/home'),
      view('b', '2024-03-03T11:05:00Z', '/pricing'),
      view('c', '2024-03-02T12:00:00Z', '/home', { email: 'max@x.io' }),
      view('c', '2024-03-02T12:05:00Z', '/pricing'),
      view('c', '2024-03-02T12:10:00Z', '/signup'),
      view('d', '2024-03-03T09:00:00Z', '/pricing'),
    ];
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: account.team.api_token, historical_migration: true, batch }),
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const run = (query: Record<string, unknown>) =>
    web.post<Page>(`/api/projects/${projectId}/query/`, { query, refresh: true });
  const names = (page: Page) => page.results.map((row) => (row[0] as Actor).distinct_ids[0]);
  const sorted = (page: Page) => [...names(page)].sort();

  const retention = {
    kind: 'RetentionQuery',
    dateRange: { date_from: '2024-03-01', date_to: '2024-03-05' },
    retentionFilter: { period: 'Day', totalIntervals: 5 },
  };

  it('lists a retention cohort with the periods each actor came back in', async () => {
    const row0 = await run({
      kind: 'ActorsQuery',
      select: ['person', 'appearances', 'day_0', 'day_1', 'day_2', 'day_3', 'day_4'],
      orderBy: ['length(appearances) DESC', 'actor_id'],
      source: { kind: 'InsightActorsQuery', source: retention, interval: 0 },
    });
    expect(row0.status, JSON.stringify(row0.body)).toBe(200);
    // Cohort of 03-01: a (back on 03-02 and 03-04: lags 1 and 3) and b (back on 03-03: lag 2).
    expect(names(row0.body)).toEqual(['a', 'b']);
    expect(row0.body.results.map((r) => r.slice(1))).toEqual([
      [[0, 1, 3], 1, 1, 0, 1, 0],
      [[0, 2], 1, 0, 1, 0, 0],
    ]);
    // Cohort of 03-02: a (back on 03-04: lag 2) and c.
    const row1 = await run({
      kind: 'ActorsQuery',
      select: ['person', 'appearances'],
      source: { kind: 'InsightActorsQuery', source: retention, interval: 1 },
    });
    expect(row1.body.results.map((r) => [(r[0] as Actor).distinct_ids[0], r[1]])).toEqual([
      ['a', [0, 2]],
      ['c', [0]],
    ]);
    // The retention answer agrees: row 0 is [2, 1, 1, 1, 0].
    const grid = await web.post<{ results: { values: { count: number }[] }[] }>(
      `/api/projects/${projectId}/query/`,
      { query: retention },
    );
    expect(grid.body.results[0]?.values.map((v) => v.count)).toEqual([2, 1, 1, 1, 0]);
  });

  it('orders a retention cohort as asked and refuses rows that do not exist', async () => {
    const ascending = await run({
      kind: 'ActorsQuery',
      select: ['person', 'event_count'],
      orderBy: ['event_count ASC'],
      source: { kind: 'InsightActorsQuery', source: retention, interval: 0 },
    });
    expect(ascending.body.results.map((r) => [(r[0] as Actor).distinct_ids[0], r[1]])).toEqual([
      ['b', 2],
      ['a', 3],
    ]);
    const missing = await run({ kind: 'InsightActorsQuery', source: retention, interval: 9 });
    expect(missing.status).toBe(400);
    expect((missing.body as unknown as { attr: string }).attr).toBe('interval');
  });

  const lifecycle = {
    kind: 'LifecycleQuery',
    interval: 'day',
    dateRange: { date_from: '2024-03-02', date_to: '2024-03-05' },
    series: [{ kind: 'EventsNode', event: '$pageview' }],
  };

  it('lists the actors of a lifecycle status on a day', async () => {
    const at = async (day: string, status: string) =>
      sorted((await run({ kind: 'InsightActorsQuery', source: lifecycle, day, status })).body);
    // 03-02: a returning (also active 03-01), c new, b dormant (active 03-01, not 03-02).
    expect(await at('2024-03-02', 'returning')).toEqual(['a']);
    expect(await at('2024-03-02', 'new')).toEqual(['c']);
    expect(await at('2024-03-02', 'dormant')).toEqual(['b']);
    // 03-03: b resurrecting, d new; a and c dormant.
    expect(await at('2024-03-03', 'resurrecting')).toEqual(['b']);
    expect(await at('2024-03-03', 'new')).toEqual(['d']);
    expect(await at('2024-03-03', 'dormant')).toEqual(['a', 'c']);
    // 03-04: a resurrecting; b and d dormant. 03-05: a dormant.
    expect(await at('2024-03-04', 'resurrecting')).toEqual(['a']);
    expect(await at('2024-03-04', 'dormant')).toEqual(['b', 'd']);
    expect(await at('2024-03-05', 'dormant')).toEqual(['a']);
    const outside = await run({ kind: 'InsightActorsQuery', source: lifecycle, day: '2024-03-09' });
    expect(outside.status).toBe(400);
  });

  const stickiness = {
    kind: 'StickinessQuery',
    interval: 'day',
    dateRange: { date_from: '2024-03-01', date_to: '2024-03-05' },
    series: [{ kind: 'EventsNode', event: '$pageview' }],
  };

  it('lists the actors active on exactly (or, cumulative, at least) n days', async () => {
    const on = async (query: Record<string, unknown>, day: number) =>
      sorted((await run({ kind: 'InsightActorsQuery', source: query, day })).body);
    // a: 3 days, b: 2, c and d: 1.
    expect(await on(stickiness, 1)).toEqual(['c', 'd']);
    expect(await on(stickiness, 2)).toEqual(['b']);
    expect(await on(stickiness, 3)).toEqual(['a']);
    expect(await on(stickiness, 4)).toEqual([]);
    const cumulative = { ...stickiness, stickinessFilter: { computedAs: 'cumulative' } };
    expect(await on(cumulative, 2)).toEqual(['a', 'b']);
    const counts = await run({
      kind: 'ActorsQuery',
      select: ['person', 'event_count'],
      source: { kind: 'InsightActorsQuery', source: cumulative, day: 1 },
    });
    // Most periods first; ties (c and d) are ordered by person id, so compared as a set.
    const rows = counts.body.results.map((r) => [(r[0] as Actor).distinct_ids[0], r[1]]);
    expect(rows.slice(0, 2)).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(rows.slice(2).sort()).toEqual([
      ['c', 1],
      ['d', 1],
    ]);
    expect((await run({ kind: 'InsightActorsQuery', source: stickiness, day: 6 })).status).toBe(400);
  });

  const paths = (keys: Record<string, string>) => ({
    kind: 'PathsQuery',
    dateRange: { date_from: '2024-03-01', date_to: '2024-03-05' },
    pathsFilter: {
      includeEventTypes: ['$pageview'],
      localPathCleaningFilters: [{ regex: '^https://shop\\.example', alias: '' }],
      ...keys,
    },
  });

  it('lists the persons behind a paths edge, a node and its drop-offs', async () => {
    const who = async (keys: Record<string, string>) =>
      sorted((await run({ kind: 'InsightActorsQuery', source: paths(keys) })).body);
    // The edge /home → /pricing at steps 1 → 2: a (03-01), b (03-03), c (03-02).
    expect(await who({ pathStartKey: '1_/home', pathEndKey: '2_/pricing' })).toEqual(['a', 'b', 'c']);
    expect(await who({ pathStartKey: '1_/home', pathEndKey: '2_/docs' })).toEqual(['b']);
    // Going on from /pricing at step 2: only c (to /signup).
    expect(await who({ pathStartKey: '2_/pricing' })).toEqual(['c']);
    expect(await who({ pathEndKey: '3_/signup' })).toEqual(['c']);
    // Paths that end at step 2 on /pricing: a's of 03-01 and b's of 03-03; d's only page is step 1.
    expect(await who({ pathDropoffKey: '2_/pricing' })).toEqual(['a', 'b']);
    expect(await who({ pathDropoffKey: '1_/pricing' })).toEqual(['d']);
    // a left after /home alone twice (03-02 and 03-04).
    const home = await run({
      kind: 'ActorsQuery',
      select: ['person', 'event_count'],
      source: { kind: 'InsightActorsQuery', source: paths({ pathDropoffKey: '1_/home' }) },
    });
    expect(home.body.results.map((r) => [(r[0] as Actor).distinct_ids[0], r[1]])).toEqual([['a', 2]]);
    const both = await run({
      kind: 'InsightActorsQuery',
      source: paths({ pathDropoffKey: '1_/home', pathStartKey: '1_/home' }),
    });
    expect(both.status).toBe(400);
  });

  it('orders persons by a property, by creation and by id, and refuses other orders', async () => {
    const byEmail = await run({ kind: 'ActorsQuery', orderBy: ['properties.email ASC'] });
    expect(byEmail.status, JSON.stringify(byEmail.body)).toBe(200);
    // amy (b), max (c), zed (a), then d without an email.
    expect(names(byEmail.body)).toEqual(['b', 'c', 'a', 'd']);
    const desc = await run({ kind: 'ActorsQuery', orderBy: ['person.properties.email DESC'] });
    expect(names(desc.body)).toEqual(['a', 'c', 'b', 'd']);
    // Created by their first event: a and b on 03-01 (a first), c on 03-02, d on 03-03.
    const created = await run({ kind: 'ActorsQuery', orderBy: ['created_at ASC'] });
    expect(names(created.body)).toEqual(['a', 'b', 'c', 'd']);
    const bad = await run({ kind: 'ActorsQuery', orderBy: ['created_at DESC', 'sleep(3)'] });
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as { attr: string }).attr).toBe('orderBy__1');
  });
});
