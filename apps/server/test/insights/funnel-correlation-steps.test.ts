import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

type Row = {
  event: { event: string; properties: Record<string, unknown>; elements: { tag_name: string }[] };
  success_count: number;
  failure_count: number;
  odds_ratio: number;
  correlation_type: 'success' | 'failure';
};

const BUTTON = 'button.buy:text="Buy"nth-child="1"nth-of-type="1"attr__class="buy"';

/**
 * Funnel correlation at a chosen step, aggregated by groups, and on $autocapture elements, through
 * the HTTP API. Odds ratios with a prior of one, ((s+1)(F−f+1)) / ((S−s+1)(f+1)), worked out by hand.
 *
 * March, persons q0–q19, a funnel signup → checkout → purchase (all sign up on 5 March, 10:00):
 *   q0–q11 check out at 11:00; q0–q7 purchase at 12:00; q8–q11 drop off at purchase; q12–q19 at checkout.
 *   saw_coupon (10:30): q0–q5 and q12, q13.   slow_page (11:30): q6 and q8–q11.
 *   $autocapture click on the Buy button (10:40): q0–q4 and q12.
 *
 * April, companies g0–g9 (one member each, u0–u9), signup → purchase by company: g0–g5 convert.
 *   demo_call (11:00): g0–g3 and g8.   industry: retail for g0–g2, tech for the rest.
 */
describe('FunnelCorrelationQuery at a chosen step, by groups, on elements', () => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;

  const march = { date_from: '2024-03-01', date_to: '2024-03-31' };
  const funnel = (funnelsFilter: Record<string, unknown> = {}) => ({
    kind: 'FunnelsQuery',
    series: ['signup', 'checkout', 'purchase'].map((event) => ({ kind: 'EventsNode', event })),
    dateRange: march,
    funnelsFilter,
  });
  const correlation = (
    funnelStep: number | undefined,
    fields: Record<string, unknown> = {},
    funnelsFilter: Record<string, unknown> = {},
  ) => ({
    kind: 'FunnelCorrelationQuery',
    source: {
      kind: 'FunnelsActorsQuery',
      source: funnel(funnelsFilter),
      ...(funnelStep === undefined ? {} : { funnelStep }),
    },
    funnelCorrelationType: 'events',
    ...fields,
  });
  const groupFunnel = {
    kind: 'FunnelsQuery',
    series: ['signup', 'purchase'].map((event) => ({ kind: 'EventsNode', event })),
    dateRange: { date_from: '2024-04-01', date_to: '2024-04-30' },
    aggregation_group_type_index: 0,
  };

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('correlation-steps@example.com');
    projectId = account.team.id;
    const batch: Record<string, unknown>[] = [];
    const at = (month: number, hour: number, minute = 0) =>
      new Date(Date.UTC(2024, month, month === 2 ? 5 : 2, hour, minute)).toISOString();
    const e = (id: string, event: string, ts: string, properties: Record<string, unknown> = {}) =>
      batch.push({ event, distinct_id: id, timestamp: ts, properties });
    for (let i = 0; i < 20; i++) {
      const q = `q${i}`;
      e(q, 'signup', at(2, 10));
      if (i <= 11) e(q, 'checkout', at(2, 11));
      if (i <= 7) e(q, 'purchase', at(2, 12));
      if (i <= 5 || i === 12 || i === 13) e(q, 'saw_coupon', at(2, 10, 30));
      if (i === 6 || (i >= 8 && i <= 11)) e(q, 'slow_page', at(2, 11, 30));
      if (i <= 4 || i === 12)
        e(q, '$autocapture', at(2, 10, 40), { $event_type: 'click', $elements_chain: BUTTON });
    }
    for (let g = 0; g < 10; g++) {
      const groups = { $groups: { company: `g${g}` } };
      e(`u${g}`, '$groupidentify', at(3, 9), {
        $group_type: 'company',
        $group_key: `g${g}`,
        $group_set: { industry: g <= 2 ? 'retail' : 'tech' },
      });
      e(`u${g}`, 'signup', at(3, 10), groups);
      if (g <= 5) e(`u${g}`, 'purchase', at(3, 12), groups);
      if (g <= 3 || g === 8) e(`u${g}`, 'demo_call', at(3, 11), groups);
    }
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

  async function run(query: Record<string, unknown>): Promise<{ events: Row[]; skewed: boolean }> {
    const res = await web.post<{ results: { events: Row[]; skewed: boolean } }>(
      `/api/projects/${projectId}/query/`,
      { query, refresh: true },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results;
  }
  const summary = (rows: Row[]) =>
    rows.map((r) => [r.event.event, r.success_count, r.failure_count, r.correlation_type]);
  const odds = (rows: Row[]) => rows.map((r) => r.odds_ratio);
  const ratio = (s: number, f: number, S: number, F: number) =>
    ((s + 1) * (F - f + 1)) / ((S - s + 1) * (f + 1));
  const expectOdds = (rows: Row[], expected: number[]) => {
    expect(rows).toHaveLength(expected.length);
    for (const [i, o] of odds(rows).entries()) expect(o).toBeCloseTo(expected[i] as number, 10);
  };

  it('compares everyone who entered by whether they reached the last step (the default)', async () => {
    // S = 8 (q0–q7), F = 12. checkout is a step of the funnel: never a dimension.
    const { events, skewed } = await run(correlation(undefined));
    expect(skewed).toBe(false);
    expect(summary(events)).toEqual([
      ['$autocapture', 5, 1, 'success'],
      ['saw_coupon', 6, 2, 'success'],
      ['slow_page', 1, 4, 'failure'],
    ]);
    expectOdds(events, [ratio(5, 1, 8, 12), ratio(6, 2, 8, 12), ratio(1, 4, 8, 12)]);
  });

  it('compares the actors at a chosen step by whether they went on to the last step', async () => {
    // Population: reached checkout (q0–q11); S = 8, F = 4 (q8–q11). q12 and q13 are not in it.
    const { events } = await run(correlation(2));
    expect(summary(events)).toEqual([
      ['saw_coupon', 6, 0, 'success'],
      ['$autocapture', 5, 0, 'success'],
      ['slow_page', 1, 4, 'failure'],
    ]);
    expectOdds(events, [ratio(6, 0, 8, 4), ratio(5, 0, 8, 4), ratio(1, 4, 8, 4)]);
    // The persons behind a row are those of the same population.
    const res = await web.post<{ results: [{ distinct_ids: string[] }][] }>(
      `/api/projects/${projectId}/query/`,
      {
        query: {
          kind: 'ActorsQuery',
          source: {
            kind: 'FunnelCorrelationActorsQuery',
            source: correlation(2),
            funnelCorrelationPersonConverted: false,
            funnelCorrelationPersonEntity: { kind: 'EventsNode', event: 'slow_page' },
          },
        },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map(([a]) => a.distinct_ids[0]).sort()).toEqual(['q10', 'q11', 'q8', 'q9']);
  });

  it('compares who converted to step N with who dropped off there (funnelStep −N, or funnelToStep)', async () => {
    // Population: everyone; success = reached checkout (12), failure = dropped at checkout (8).
    // Converters' events count until they checked out (11:00): slow_page (11:30) is after it.
    const expected = [
      ['$autocapture', 5, 1, 'success'],
      ['saw_coupon', 6, 2, 'success'],
    ];
    const dropped = await run(correlation(-2));
    expect(summary(dropped.events)).toEqual(expected);
    expectOdds(dropped.events, [ratio(5, 1, 12, 8), ratio(6, 2, 12, 8)]);
    const toStep = await run(correlation(1, {}, { funnelToStep: 1 }));
    expect(summary(toStep.events)).toEqual(expected);
    expectOdds(toStep.events, odds(dropped.events));
  });

  it('refuses a step the funnel does not have, or a target before the chosen step', async () => {
    for (const [query, attr] of [
      [correlation(3), 'source__funnelStep'],
      [correlation(-1), 'source__funnelStep'],
      [correlation(2, {}, { funnelToStep: 1 }), 'source__funnelStep'],
      [correlation(1, {}, { funnelToStep: 5 }), 'source__source__funnelsFilter__funnelToStep'],
    ] as const) {
      const res = await web.post<{ attr: string }>(`/api/projects/${projectId}/query/`, { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.attr).toBe(attr);
    }
  });

  it('correlates $autocapture by event type and clicked elements', async () => {
    const { events } = await run(
      correlation(undefined, {
        funnelCorrelationType: 'event_with_properties',
        funnelCorrelationEventNames: ['$autocapture'],
      }),
    );
    expect(summary(events)).toEqual([
      [`$autocapture::elements_chain::click__~~__${BUTTON}`, 5, 1, 'success'],
    ]);
    expect(events[0]?.event.properties).toEqual({ $event_type: 'click' });
    expect(events[0]?.event.elements.map((el) => el.tag_name)).toEqual(['button']);
    expectOdds(events, [ratio(5, 1, 8, 12)]);
  });

  it('correlates the events and properties of groups when the funnel counts groups', async () => {
    const groupCorrelation = (fields: Record<string, unknown>) => ({
      kind: 'FunnelCorrelationQuery',
      source: { kind: 'FunnelsActorsQuery', source: groupFunnel },
      ...fields,
    });
    // S = 6 (g0–g5), F = 4.
    const events = await run(groupCorrelation({ funnelCorrelationType: 'events' }));
    expect(summary(events.events)).toEqual([['demo_call', 4, 1, 'success']]);
    expectOdds(events.events, [ratio(4, 1, 6, 4)]);
    const properties = await run(
      groupCorrelation({ funnelCorrelationType: 'properties', funnelCorrelationNames: ['industry'] }),
    );
    expect(summary(properties.events)).toEqual([
      ['industry::retail', 3, 0, 'success'],
      ['industry::tech', 3, 4, 'failure'],
    ]);
    expectOdds(properties.events, [ratio(3, 0, 6, 4), ratio(3, 4, 6, 4)]);
    const res = await web.post<{ results: [{ group_key: string }][] }>(`/api/projects/${projectId}/query/`, {
      query: {
        kind: 'ActorsQuery',
        source: {
          kind: 'FunnelCorrelationActorsQuery',
          source: groupCorrelation({ funnelCorrelationType: 'events' }),
          funnelCorrelationPersonConverted: true,
          funnelCorrelationPersonEntity: { kind: 'EventsNode', event: 'demo_call' },
        },
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map(([g]) => g.group_key).sort()).toEqual(['g0', 'g1', 'g2', 'g3']);
  });
});
