import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('projects API', () => {
  let server: TestServer;
  let web: ApiClient;
  let firstProjectId: number;

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    firstProjectId = (await web.signup('projects@example.com')).team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('creates a project with its settings and returns its id and api_token', async () => {
    const res = await web.post('/api/projects/', {
      name: 'Shop',
      timezone: 'Europe/Berlin',
      week_start_day: 1,
      test_account_filters: [
        { key: 'email', operator: 'not_icontains', value: '@example.com', type: 'person' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Shop',
      timezone: 'Europe/Berlin',
      week_start_day: 1,
      test_account_filters: [
        { key: 'email', operator: 'not_icontains', value: '@example.com', type: 'person' },
      ],
    });
    expect(res.body.id).toEqual(expect.any(Number));
    expect(res.body.api_token).toMatch(/^phc_/);
    const fetched = await web.get(`/api/projects/${res.body.id}/`);
    expect(fetched.body).toEqual(res.body);
  });

  it('refuses invalid settings with the field named and changes nothing', async () => {
    const before = await web.get<{ count: number }>('/api/projects/');
    const cases: [unknown, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'X', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ name: 'X', week_start_day: 3 }, 'week_start_day'],
    ];
    for (const [body, attr] of cases) {
      const res = await web.post('/api/projects/', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.type).toBe('validation_error');
      if (attr) expect(res.body.attr).toBe(attr);
    }
    expect((await web.get<{ count: number }>('/api/projects/')).body.count).toBe(before.body.count);
  });

  it('updates settings with PATCH, also through @current', async () => {
    const res = await web.patch(`/api/projects/${firstProjectId}/`, {
      name: 'Renamed',
      timezone: 'Asia/Tokyo',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Renamed', timezone: 'Asia/Tokyo', week_start_day: 0 });
    const current = await web.patch('/api/projects/@current/', { week_start_day: 1 });
    expect(current.body).toMatchObject({ id: firstProjectId, week_start_day: 1, timezone: 'Asia/Tokyo' });
    expect((await web.get('/api/projects/@current/')).body.id).toBe(firstProjectId);
  });

  it('has GeoIP enrichment on by default; creates and updates with geoip_enabled, refusing non-booleans', async () => {
    const created = await web.post<{ id: number; geoip_enabled: boolean }>('/api/projects/', { name: 'Geo' });
    expect(created.body.geoip_enabled).toBe(true);
    const off = await web.post<{ id: number }>('/api/projects/', { name: 'No geo', geoip_enabled: false });
    expect(off.body).toMatchObject({ geoip_enabled: false });
    const patched = await web.patch(`/api/projects/${created.body.id}/`, { geoip_enabled: false });
    expect(patched.body).toMatchObject({ geoip_enabled: false, name: 'Geo' });
    expect((await web.get(`/api/projects/${created.body.id}/`)).body.geoip_enabled).toBe(false);
    expect(
      (await web.patch(`/api/projects/${off.body.id}/`, { geoip_enabled: true })).body.geoip_enabled,
    ).toBe(true);
    const bad = await web.patch(`/api/projects/${off.body.id}/`, { geoip_enabled: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.attr).toBe('geoip_enabled');
  });

  it('keeps path cleaning rules (PostHog path_cleaning_filters), empty by default, naming a bad rule', async () => {
    const created = await web.post<{ id: number; path_cleaning_filters: unknown[] }>('/api/projects/', {
      name: 'Paths',
    });
    expect(created.body.path_cleaning_filters).toEqual([]);
    const rules = [{ regex: '/product/\\d+', alias: '/product/:id' }];
    const patched = await web.patch(`/api/projects/${created.body.id}/`, { path_cleaning_filters: rules });
    expect(patched.body).toMatchObject({ path_cleaning_filters: rules, name: 'Paths' });
    expect((await web.get(`/api/projects/${created.body.id}/`)).body.path_cleaning_filters).toEqual(rules);
    const bad = await web.patch(`/api/projects/${created.body.id}/`, {
      path_cleaning_filters: [{ alias: 'x' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.attr).toBe('path_cleaning_filters__0__regex');
  });

  it('ignores fields it does not know, as PostHog does (scripts send whole team objects)', async () => {
    const res = await web.post<{ id: number; name: string }>('/api/projects/', {
      name: 'From a PostHog script',
      access_control: false,
      session_recording_opt_in: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('access_control');
    const patched = await web.patch<{ name: string }>(`/api/projects/${res.body.id}/`, {
      name: 'Renamed',
      anonymize_ips: true,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.name).toBe('Renamed');
  });

  it('lists only the projects a team-scoped key may see, with a count and pages that agree', async () => {
    const created: number[] = [];
    for (let i = 0; i < 3; i++)
      created.push((await web.post<{ id: number }>('/api/projects/', { name: `Scoped ${i}` })).body.id);
    const scoped = [firstProjectId, created[2] as number];
    const key = await web.createKey(['project:read'], { scoped_teams: scoped });
    const bearer = web.withBearer(key);
    const first = await bearer.get<{ count: number; next: string | null; results: { id: number }[] }>(
      '/api/projects/?limit=1',
    );
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(2);
    expect(first.body.results.map((p) => p.id)).toEqual([firstProjectId]);
    expect(first.body.next).not.toBeNull();
    const second = await bearer.get<{ next: string | null; results: { id: number }[] }>(
      '/api/projects/?limit=1&offset=1',
    );
    expect(second.body.results.map((p) => p.id)).toEqual([created[2]]);
    expect(second.body.next).toBeNull();
  });

  it('paginates lists with next and previous links', async () => {
    for (let i = 0; i < 4; i++) await web.post('/api/projects/', { name: `Page ${i}` });
    const all = await web.get<{ count: number }>('/api/projects/');
    const first = await web.get<{ count: number; next: string; previous: null; results: { id: number }[] }>(
      '/api/projects/?limit=2',
    );
    expect(first.body.count).toBe(all.body.count);
    expect(first.body.results).toHaveLength(2);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(`${server.url}/api/projects/?limit=2&offset=2`);
    const second = await web.get<{ previous: string; results: { id: number }[] }>(
      new URL(first.body.next).pathname + new URL(first.body.next).search,
    );
    expect(second.body.previous).toBe(`${server.url}/api/projects/?limit=2&offset=0`);
    expect(second.body.results[0]?.id).not.toBe(first.body.results[0]?.id);
    expect((await web.get('/api/projects/?limit=0')).status).toBe(400);
  });

  it('deletes a project together with its rows in the event store', async () => {
    const project = await web.post<{ id: number }>('/api/projects/', { name: 'Doomed' });
    const keep = await web.post<{ id: number }>('/api/projects/', { name: 'Kept' });
    const store = server.container.eventStore;
    await server.container.eventStoreReadiness.ready;
    const event = (teamId: number) => ({
      uuid: randomUUID(),
      team_id: teamId,
      event: 'x',
      distinct_id: 'd',
      person_id: randomUUID(),
      timestamp: '2024-01-01 00:00:00',
      properties: '{}',
      elements_chain: '',
      created_at: '2024-01-01 00:00:00',
      $session_id: '',
      $window_id: '',
    });
    await store.insert('events', [event(project.body.id), event(keep.body.id)]);
    expect((await web.delete(`/api/projects/${project.body.id}/`)).status).toBe(204);
    expect((await web.get(`/api/projects/${project.body.id}/`)).status).toBe(404);

    const count = async (teamId: number) => {
      const r = await store.query<{ c: number }>({
        sql: `SELECT count() AS c FROM ${store.database}.events WHERE team_id = {t:Int64}`,
        params: { t: teamId },
      });
      return r.rows[0]?.c;
    };
    await expect.poll(() => count(project.body.id), { timeout: 10_000 }).toBe(0);
    expect(await count(keep.body.id)).toBe(1);
  });

  it('answers 404 for ids that are not projects', async () => {
    for (const id of ['999999', 'abc', '1e3', '-1']) {
      expect((await web.get(`/api/projects/${id}/`)).status, id).toBe(404);
    }
  });
});
