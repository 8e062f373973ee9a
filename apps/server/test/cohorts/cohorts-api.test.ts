import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

type CohortBody = { id: number; count: number | null; is_calculating: boolean; errors_calculating: number };
type PersonBody = { id: string; distinct_ids: string[] };

const DAY = 86_400_000;

/**
 * Cohorts end to end: the API (dynamic cohorts by person properties, behaviour and other cohorts, in
 * both PostHog forms; static cohorts from ids and CSV uploads), member counts, member lists, and
 * cohort filters in insights. Behavioral windows count back from now, so events are placed relative
 * to the time the test runs.
 */
describe('cohorts', () => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;
  const personIds = new Map<string, string>();
  const base = () => `/api/projects/${projectId}/cohorts/`;

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('cohorts@example.com');
    projectId = account.team.id;
    const now = Date.now();
    const e = (distinctId: string, event: string, daysAgo: number, set?: Record<string, unknown>) => ({
      event,
      distinct_id: distinctId,
      timestamp: new Date(now - daysAgo * DAY).toISOString(),
      properties: set ? { $set: set } : {},
    });
    const batch = [
      e('ada', 'purchase', 1, { email: 'ada@acme.com', plan: 'pro' }),
      e('ada', 'purchase', 3),
      e('ada', 'purchase', 9),
      e('bob', 'signup', 60, { email: 'bob@acme.com', plan: 'free' }),
      e('bob', 'purchase', 5),
      e('cy', 'login', 100, { email: 'cy@other.io' }),
      e('cy', 'purchase', 40),
      e('cy', 'login', 2),
      e('dee', 'signup', 2),
      e('dee', 'purchase', 2 - 1 / 24),
    ];
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: account.team.api_token, historical_migration: true, batch }),
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();
    const persons = await web.get<{ results: PersonBody[] }>(`/api/projects/${projectId}/persons/`);
    for (const p of persons.body.results) personIds.set(p.distinct_ids[0] as string, p.id);
    expect(personIds.size).toBe(4);
  });
  afterAll(async () => {
    await server?.destroy();
  });

  async function create(body: Record<string, unknown> | FormData): Promise<CohortBody> {
    const res = await web.post<CohortBody>(base(), body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return settled(res.body.id);
  }

  /** The cohort once its member count has been calculated. */
  async function settled(id: number): Promise<CohortBody> {
    await server.container.cohortService.idle();
    const res = await web.get<CohortBody>(`${base()}${id}/`);
    expect(res.status).toBe(200);
    expect(res.body.is_calculating).toBe(false);
    return res.body;
  }

  async function members(id: number): Promise<string[]> {
    const res = await web.get<{ results: PersonBody[] }>(`${base()}${id}/persons/`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results.map((p) => p.distinct_ids[0] as string).sort();
  }

  const dynamic = (...values: Record<string, unknown>[]) => ({
    filters: { properties: { type: 'AND', values: [{ type: 'AND', values }] } },
  });
  const behavioral = (fields: Record<string, unknown>) => ({
    type: 'behavioral',
    event_type: 'events',
    time_interval: 'day',
    ...fields,
  });

  it('selects persons by person properties, and counts them', async () => {
    const cohort = await create({
      name: 'Acme',
      ...dynamic({ type: 'person', key: 'email', operator: 'icontains', value: '@acme.com' }),
    });
    expect(cohort.count).toBe(2);
    expect(await members(cohort.id)).toEqual(['ada', 'bob']);
  });

  it('selects persons by what they did: counts, negation, first time, stopped, restarted, regularly, sequences', async () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      [
        'bought twice in 30 days',
        behavioral({
          key: 'purchase',
          value: 'performed_event_multiple',
          time_value: 30,
          operator: 'gte',
          operator_value: 2,
        }),
        ['ada'],
      ],
      [
        'did not buy in 30 days',
        behavioral({ key: 'purchase', value: 'performed_event', time_value: 30, negation: true }),
        ['cy'],
      ],
      [
        'signed up for the first time this week',
        behavioral({ key: 'signup', value: 'performed_event_first_time', time_value: 7 }),
        ['dee'],
      ],
      [
        'stopped buying',
        behavioral({
          key: 'purchase',
          value: 'stopped_performing_event',
          time_value: 60,
          seq_time_value: 30,
          seq_time_interval: 'day',
        }),
        ['cy'],
      ],
      [
        'came back',
        behavioral({
          key: 'login',
          value: 'restarted_performing_event',
          time_value: 30,
          seq_time_value: 7,
          seq_time_interval: 'day',
        }),
        ['cy'],
      ],
      [
        'buys every week',
        behavioral({
          key: 'purchase',
          value: 'performed_event_regularly',
          time_value: 7,
          total_periods: 2,
          min_periods: 2,
          operator: 'gte',
          operator_value: 1,
        }),
        ['ada'],
      ],
      [
        'bought within a day of signing up',
        behavioral({
          key: 'signup',
          value: 'performed_event_sequence',
          time_value: 30,
          seq_event: 'purchase',
          seq_event_type: 'events',
          seq_time_value: 1,
          seq_time_interval: 'day',
        }),
        ['dee'],
      ],
    ];
    for (const [name, criterion, expected] of cases) {
      const cohort = await create({ name, ...dynamic(criterion) });
      expect(await members(cohort.id), name).toEqual(expected);
      expect(cohort.count, name).toBe(expected.length);
    }
  });

  it('builds on other cohorts, and reads PostHog’s older groups form', async () => {
    const acme = await create({
      name: 'Acme staff',
      ...dynamic({ type: 'person', key: 'email', operator: 'icontains', value: '@acme.com' }),
    });
    const buyers = await create({
      name: 'Frequent buyers',
      ...dynamic(
        behavioral({
          key: 'purchase',
          value: 'performed_event_multiple',
          time_value: 30,
          operator: 'gte',
          operator_value: 2,
        }),
      ),
    });
    const nested = await create({
      name: 'Acme but not frequent',
      ...dynamic(
        { type: 'cohort', key: 'id', value: acme.id },
        { type: 'cohort', key: 'id', value: buyers.id, negation: true },
      ),
    });
    expect(await members(nested.id)).toEqual(['bob']);

    const legacy = await create({
      name: 'Free or recent signups',
      groups: [
        { properties: [{ key: 'plan', value: 'free', type: 'person' }] },
        { event_id: 'signup', days: 90 },
      ],
    });
    expect(await members(legacy.id)).toEqual(['bob', 'dee']);

    // A cohort that others are built on cannot be deleted; the one on top can.
    const refused = await web.delete(`${base()}${acme.id}/`);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Acme but not frequent');
    expect((await web.delete(`${base()}${nested.id}/`)).status).toBe(204);
    expect((await web.get(`${base()}${nested.id}/`)).status).toBe(404);
    expect((await web.delete(`${base()}${acme.id}/`)).status).toBe(204);
  });

  it('keeps static cohorts from person ids and CSV uploads, and adds and removes persons', async () => {
    const byIds = await create({ name: 'Picked', is_static: true, person_ids: [personIds.get('ada')] });
    expect(await members(byIds.id)).toEqual(['ada']);

    const form = new FormData();
    form.set('name', 'Uploaded');
    form.set('is_static', 'true');
    form.set('csv', new Blob(['distinct_id\ncy\n"bob"\nnobody\n'], { type: 'text/csv' }), 'people.csv');
    const uploaded = await create(form);
    expect(uploaded.count).toBe(2);
    expect(await members(uploaded.id)).toEqual(['bob', 'cy']);

    const added = await web.patch(`${base()}${byIds.id}/add_persons_to_static_cohort/`, {
      person_ids: [personIds.get('dee')],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const removed = await web.patch(`${base()}${byIds.id}/remove_person_from_static_cohort/`, {
      person_id: personIds.get('ada'),
    });
    expect(removed.status).toBe(200);
    expect(await members(byIds.id)).toEqual(['dee']);
    expect((await settled(byIds.id)).count).toBe(1);
  });

  it('keeps the persons behind a funnel step as a static cohort', async () => {
    // signup → purchase within 14 days: dee converts (an hour later); bob bought 55 days after signing up.
    const funnelActors = (funnelStep: number) => ({
      kind: 'ActorsQuery',
      source: {
        kind: 'FunnelsActorsQuery',
        funnelStep,
        source: {
          kind: 'FunnelsQuery',
          dateRange: { date_from: '-90d' },
          series: [
            { kind: 'EventsNode', event: 'signup' },
            { kind: 'EventsNode', event: 'purchase' },
          ],
        },
      },
    });
    const converted = await create({ name: 'Converted', is_static: true, query: funnelActors(2) });
    expect(await members(converted.id)).toEqual(['dee']);
    const dropped = await create({ name: 'Dropped off', is_static: true, query: funnelActors(-2) });
    expect(await members(dropped.id)).toEqual(['bob']);
    const dynamic = await web.post(base(), { name: 'Not static', query: funnelActors(2) });
    expect(dynamic.status).toBe(400);
  });

  it('filters insights by cohort, and recomputes them when a static cohort changes', async () => {
    const acme = await create({
      name: 'Acme for insights',
      ...dynamic({ type: 'person', key: 'email', operator: 'icontains', value: '@acme.com' }),
    });
    const trends = (properties: unknown[]) =>
      web.post<{ results: { count: number }[] }>(`/api/projects/${projectId}/query/`, {
        query: {
          kind: 'TrendsQuery',
          dateRange: { date_from: '-30d' },
          series: [{ kind: 'EventsNode', event: 'purchase' }],
          trendsFilter: { display: 'BoldNumber' },
          properties,
        },
      });
    const inAcme = await trends([{ type: 'cohort', key: 'id', value: acme.id }]);
    expect(inAcme.status, JSON.stringify(inAcme.body)).toBe(200);
    expect(inAcme.body.results[0]).toMatchObject({ aggregated_value: 4 });
    const outside = await trends([{ type: 'cohort', key: 'id', value: acme.id, operator: 'not_in' }]);
    expect(outside.body.results[0]).toMatchObject({ aggregated_value: 1 });

    const picked = await create({
      name: 'Picked for insights',
      is_static: true,
      person_ids: [personIds.get('bob')],
    });
    const filter = [{ type: 'static-cohort', key: 'id', value: picked.id }];
    expect((await trends(filter)).body.results[0]).toMatchObject({ aggregated_value: 1 });
    await web.patch(`${base()}${picked.id}/add_persons_to_static_cohort/`, {
      person_ids: [personIds.get('ada')],
    });
    expect((await trends(filter)).body.results[0]).toMatchObject({ aggregated_value: 4 });
  });

  it('refuses what it cannot evaluate, with the reason, and saves nothing', async () => {
    const before = (await web.get<{ results: unknown[] }>(`${base()}?limit=1000`)).body.results.length;
    const bad: [Record<string, unknown>, string][] = [
      [{ name: 'No criteria', filters: { properties: { type: 'AND', values: [] } } }, 'criteria'],
      [{ name: 'Unknown cohort', ...dynamic({ type: 'cohort', key: 'id', value: 999_999 }) }, '999999'],
      [
        {
          name: 'No window',
          ...dynamic({ type: 'behavioral', key: 'x', value: 'performed_event', event_type: 'events' }),
        },
        'time_value',
      ],
      [
        {
          name: 'Unknown action',
          ...dynamic(
            behavioral({ key: 424242, event_type: 'actions', value: 'performed_event', time_value: 3 }),
          ),
        },
        '424242',
      ],
      [{ name: '', ...dynamic({ type: 'person', key: 'email', operator: 'is_set' }) }, 'name'],
      [
        {
          name: 'Static with filters',
          is_static: true,
          ...dynamic({ type: 'person', key: 'a', operator: 'is_set' }),
        },
        'static',
      ],
      [
        { name: 'Stranger', is_static: true, person_ids: ['00000000-0000-4000-8000-000000000000'] },
        'person ids',
      ],
    ];
    for (const [body, message] of bad) {
      const res = await web.post(base(), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body), JSON.stringify(body)).toContain(message);
    }
    expect((await web.get<{ results: unknown[] }>(`${base()}?limit=1000`)).body.results.length).toBe(before);

    // A cohort cannot come to refer to itself, directly or through another.
    const a = await create({ name: 'A', ...dynamic({ type: 'person', key: 'email', operator: 'is_set' }) });
    const b = await create({ name: 'B', ...dynamic({ type: 'cohort', key: 'id', value: a.id }) });
    const cycle = await web.patch(`${base()}${a.id}/`, dynamic({ type: 'cohort', key: 'id', value: b.id }));
    expect(cycle.status).toBe(400);
    expect(JSON.stringify(cycle.body)).toContain('refers to itself');
    const switched = await web.patch(`${base()}${a.id}/`, { is_static: true });
    expect(switched.status).toBe(400);
  });

  it('keeps projects apart', async () => {
    const mine = await create({
      name: 'Mine',
      ...dynamic({ type: 'person', key: 'email', operator: 'is_set' }),
    });
    const other = new ApiClient(server.url);
    const account = await other.signup('cohorts-other@example.com');
    expect((await other.get(`/api/projects/${account.team.id}/cohorts/${mine.id}/`)).status).toBe(404);
    expect((await other.get(`/api/projects/${projectId}/cohorts/`)).status).toBe(404);
    const query = await other.post(`/api/projects/${account.team.id}/query/`, {
      query: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: 'purchase' }],
        properties: [{ type: 'cohort', key: 'id', value: mine.id }],
      },
    });
    expect(query.status).toBe(400);
    expect(JSON.stringify(query.body)).toContain(`Cohort ${mine.id} does not exist`);
  });
});
