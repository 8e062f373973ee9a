import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

interface PersonBody {
  id: string;
  name: string;
  distinct_ids: string[];
  properties: Record<string, unknown>;
  is_identified: boolean;
  created_at: string;
}

describe('persons API', () => {
  let server: TestServer;
  let web: ApiClient;
  let token: string;
  let projectId: number;

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('persons@example.com');
    token = account.team.api_token;
    projectId = account.team.id;
    const batch = [
      { event: '$pageview', distinct_id: 'anon-ada', timestamp: '2024-01-01T00:00:00Z' },
      {
        event: '$identify',
        distinct_id: 'ada',
        timestamp: '2024-01-02T00:00:00Z',
        properties: { $anon_distinct_id: 'anon-ada', $set: { email: 'ada@lovelace.io', name: 'Ada' } },
      },
      {
        event: '$pageview',
        distinct_id: 'grace',
        timestamp: '2024-01-03T00:00:00Z',
        properties: { $set: { email: 'grace@navy.mil' } },
      },
      { event: 'clicked', distinct_id: 'grace', timestamp: '2024-01-04T00:00:00Z' },
    ];
    await fetch(`${server.url}/batch/`, {
      method: 'POST',
      body: JSON.stringify({ api_key: token, batch }),
      headers: { 'content-type': 'application/json' },
    });
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const base = () => `/api/projects/${projectId}/persons/`;

  it('lists persons newest first with their distinct ids', async () => {
    const res = await web.get<{ results: PersonBody[]; next: string | null }>(base());
    expect(res.status).toBe(200);
    expect(res.body.results.map((p) => p.name)).toEqual(['grace@navy.mil', 'ada@lovelace.io']);
    expect(res.body.results[1]).toMatchObject({
      distinct_ids: ['ada', 'anon-ada'],
      is_identified: true,
      properties: { email: 'ada@lovelace.io', name: 'Ada' },
      created_at: '2024-01-01T00:00:00.000Z',
    });
  });

  it('finds persons by distinct id and searches email, name and distinct ids', async () => {
    const byId = await web.get<{ results: PersonBody[] }>(`${base()}?distinct_id=anon-ada`);
    expect(byId.body.results.map((p) => p.name)).toEqual(['ada@lovelace.io']);
    for (const [q, expected] of [
      ['LOVELACE', ['ada@lovelace.io']],
      ['grac', ['grace@navy.mil']],
      ['anon-', ['ada@lovelace.io']],
      ["%' OR 1=1 --", []],
      ['_', []],
    ] as const) {
      const res = await web.get<{ results: PersonBody[] }>(`${base()}?search=${encodeURIComponent(q)}`);
      expect(
        res.body.results.map((p) => p.name),
        q,
      ).toEqual(expected);
    }
  });

  it('filters by person properties, naming a bad filter', async () => {
    const names = async (filters: unknown) => {
      const res = await web.get<{ results: PersonBody[] }>(
        `${base()}?properties=${encodeURIComponent(JSON.stringify(filters))}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.results.map((p) => p.name);
    };
    expect(
      await names([{ key: 'email', value: 'grace@navy.mil', type: 'person', operator: 'exact' }]),
    ).toEqual(['grace@navy.mil']);
    expect(await names([{ key: 'name', operator: 'is_set', type: 'person' }])).toEqual(['ada@lovelace.io']);
    expect(await names([{ key: 'email', value: '\\.io$', type: 'person', operator: 'regex' }])).toEqual([
      'ada@lovelace.io',
    ]);
    expect(
      await names([
        { key: 'email', value: 'navy', type: 'person', operator: 'icontains' },
        { key: 'name', operator: 'is_set', type: 'person' },
      ]),
    ).toEqual([]);
    expect((await web.get<{ results: PersonBody[] }>(`${base()}?properties=`)).body.results).toHaveLength(2);
    const wrongType = await web.get(
      `${base()}?properties=${encodeURIComponent(JSON.stringify([{ key: '$browser', value: 'x', type: 'event' }]))}`,
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.attr).toBe('properties__0__type');
    const badRegex = await web.get(
      `${base()}?properties=${encodeURIComponent(JSON.stringify([{ key: 'email', value: '(', operator: 'regex', type: 'person' }]))}`,
    );
    expect(badRegex.status).toBe(400);
    expect(badRegex.body.attr).toBe('properties__0__value');
  });

  it('paginates with limit and offset', async () => {
    const first = await web.get<{ results: PersonBody[]; next: string }>(`${base()}?limit=1`);
    expect(first.body.results).toHaveLength(1);
    const next = new URL(first.body.next);
    const second = await web.get<{ results: PersonBody[]; next: string | null }>(next.pathname + next.search);
    expect(second.body.results[0]?.name).toBe('ada@lovelace.io');
    expect(second.body.next).toBeNull();
  });

  it('shows a person in detail, and 404 for persons of other projects or unknown ids', async () => {
    const [ada] = (await web.get<{ results: PersonBody[] }>(`${base()}?distinct_id=ada`)).body.results;
    const detail = await web.get<PersonBody>(`${base()}${ada?.id}/`);
    expect(detail.body).toMatchObject({ id: ada?.id, distinct_ids: ['ada', 'anon-ada'] });
    const other = await web.post<{ id: number }>('/api/projects/', { name: 'Other' });
    expect((await web.get(`/api/projects/${other.body.id}/persons/${ada?.id}/`)).status).toBe(404);
    expect((await web.get(`${base()}not-a-uuid/`)).status).toBe(404);
  });

  it('imports a person without events, and refuses distinct ids that already have a person', async () => {
    const res = await web.post<PersonBody>(base(), {
      distinct_ids: ['crm-7', 'legacy-7'],
      properties: { email: 'imported@example.com', plan: 'gold' },
      created_at: '2023-06-01T00:00:00Z',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      distinct_ids: ['crm-7', 'legacy-7'],
      properties: { email: 'imported@example.com', plan: 'gold' },
      created_at: '2023-06-01T00:00:00.000Z',
    });
    const listed = await web.get<{ results: PersonBody[] }>(`${base()}?search=imported`);
    expect(listed.body.results.map((p) => p.id)).toEqual([res.body.id]);

    const taken = await web.post(base(), { distinct_ids: ['grace'] });
    expect(taken.status).toBe(400);
    expect(taken.body).toMatchObject({ attr: 'distinct_ids' });
    expect((await web.post(base(), { distinct_ids: [] })).status).toBe(400);
    expect((await web.post(base(), { distinct_ids: ['a', 'a'] })).status).toBe(400);

    // Events sent later with the imported id join the imported person.
    await fetch(`${server.url}/batch/`, {
      method: 'POST',
      body: JSON.stringify({
        api_key: token,
        batch: [{ event: 'login', distinct_id: 'legacy-7', properties: { $set: { plan: 'platinum' } } }],
      }),
      headers: { 'content-type': 'application/json' },
    });
    await server.container.ingestion.drained();
    expect((await web.get<PersonBody>(`${base()}${res.body.id}/`)).body.properties.plan).toBe('platinum');
  });

  it('searches names and distinct ids with quotes, backslashes and unicode by their text', async () => {
    const res = await web.post<PersonBody>(base(), {
      distinct_ids: [`o'brien\\"x" 😀`],
      properties: { email: `Ö'Brien\\"50%_off"@example.com`, name: 'Zoë \u0001' },
    });
    expect(res.status).toBe(201);
    const search = async (q: string) =>
      (
        await web.get<{ results: PersonBody[] }>(`${base()}?search=${encodeURIComponent(q)}`)
      ).body.results.map((p) => p.id);
    for (const q of [`ö'brien\\"`, '"50%_OFF"', 'zoË \u0001', `o'brien\\"x" 😀`, '😀']) {
      expect(await search(q), q).toEqual([res.body.id]);
    }
    for (const q of [`ö'brien\\\\"`, 'o\\u00f6', '50%off', 'x_"']) expect(await search(q), q).toEqual([]);
    const byId = await web.get<{ results: PersonBody[] }>(
      `${base()}?distinct_id=${encodeURIComponent(`o'brien\\"x" 😀`)}`,
    );
    expect(byId.body.results.map((p) => p.id)).toEqual([res.body.id]);
  });

  it('deletes a person but keeps their events when delete_events is not set', async () => {
    await fetch(`${server.url}/batch/`, {
      method: 'POST',
      body: JSON.stringify({
        api_key: token,
        batch: [
          { event: 'kept', distinct_id: 'linus', properties: { $set: { email: 'linus@example.com' } } },
        ],
      }),
      headers: { 'content-type': 'application/json' },
    });
    await server.container.ingestion.drained();
    const [linus] = (await web.get<{ results: PersonBody[] }>(`${base()}?distinct_id=linus`)).body.results;
    expect(linus).toBeDefined();
    expect((await web.delete(`${base()}${linus?.id}/`)).status).toBe(204);
    expect((await web.get(`${base()}${linus?.id}/`)).status).toBe(404);
    expect((await web.get<{ results: PersonBody[] }>(`${base()}?distinct_id=linus`)).body.results).toEqual(
      [],
    );
    const events = await web.get<{ results: { event: string }[] }>(
      `/api/projects/${projectId}/events/?distinct_id=linus`,
    );
    expect(events.body.results.map((e) => e.event)).toEqual(['kept']);
  });

  it('deletes a person with their events, and a later event starts a new person', async () => {
    const [grace] = (await web.get<{ results: PersonBody[] }>(`${base()}?distinct_id=grace`)).body.results;
    expect((await web.delete(`${base()}${grace?.id}/?delete_events=true`)).status).toBe(204);
    expect((await web.get(`${base()}${grace?.id}/`)).status).toBe(404);
    expect((await web.get<{ results: PersonBody[] }>(`${base()}?distinct_id=grace`)).body.results).toEqual(
      [],
    );
    const store = server.container.eventStore;
    const count = async () =>
      (
        await store.query<{ c: number }>({
          sql: `SELECT count() AS c FROM ${store.database}.events WHERE team_id = {t:Int64} AND distinct_id = 'grace'`,
          params: { t: projectId },
        })
      ).rows[0]?.c;
    await expect.poll(count, { timeout: 10_000 }).toBe(0);
    expect((await web.delete(`${base()}${grace?.id}/`)).status).toBe(404);

    await fetch(`${server.url}/batch/`, {
      method: 'POST',
      body: JSON.stringify({ api_key: token, batch: [{ event: 'back', distinct_id: 'grace' }] }),
      headers: { 'content-type': 'application/json' },
    });
    await server.container.ingestion.drained();
    const again = await web.get<{ results: PersonBody[] }>(`${base()}?distinct_id=grace`);
    expect(again.body.results).toHaveLength(1);
    expect(again.body.results[0]?.properties).toEqual({});
  });
});
