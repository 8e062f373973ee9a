import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipLevels } from '../../src/features/organizations/membership-level';
import { ApiClient } from '../support/api-client';
import { postgresAvailable } from '../support/postgres-database';
import { type AppStoreKind, startTestServer, type TestServer } from '../support/test-server';

interface GroupBody {
  group_type_index: number;
  group_key: string;
  group_properties: Record<string, unknown>;
  created_at: string;
}
interface GroupPage {
  next: string | null;
  previous: string | null;
  results: GroupBody[];
}

const stores: AppStoreKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
const at = (minutes: number) => new Date(Date.UTC(2024, 5, 1, 0, minutes)).toISOString();
const HOSTILE_KEY = `'; DROP TABLE groups; -- \\" 😀`;
const identify = (type: string, key: string, set: Record<string, unknown>, minutes: number) => ({
  event: '$groupidentify',
  distinct_id: 'admin',
  timestamp: at(minutes),
  properties: { $group_type: type, $group_key: key, $group_set: set },
});

describe.each(stores)('groups API on %s', (appStore) => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;

  const capture = async (token: string, batch: object[]) => {
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      body: JSON.stringify({ api_key: token, batch }),
      // A server SDK's user agent: ingestion derives no browser properties from it.
      headers: { 'content-type': 'application/json', 'user-agent': 'posthog-node/5.70.0' },
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    server = await startTestServer({ appStore });
    web = new ApiClient(server.url);
    const account = await web.signup('groups@example.com');
    projectId = account.team.id;
    await capture(account.team.api_token, [
      identify('company', 'acme', { name: 'Acme Inc', plan: 'pro' }, 1),
      identify('company', 'globex', { name: 'Globex', plan: 'free' }, 2),
      identify('company', 'initech', { name: 'Initech', industry: 'Software' }, 3),
      ...['c4', 'c2', 'c3', 'c1'].map((key) => identify('company', key, { name: key.toUpperCase() }, 4)),
      identify('company', HOSTILE_KEY, { note: `it's 100% "quoted"` }, 5),
      // A later change of acme: properties follow, created_at stays the first sighting.
      identify('company', 'acme', { plan: 'enterprise' }, 10),
      // An event naming a second group type, then that type's group.
      { event: 'invite', distinct_id: 'admin', timestamp: at(6), properties: { $groups: { team: 't1' } } },
      identify('team', 't1', { size: 3 }, 7),
    ]);
    // The same group keys in another organization's project.
    const outsider = await new ApiClient(server.url).signup('other-groups@example.com');
    await capture(outsider.team.api_token, [
      identify('company', 'acme', { name: 'Evil Acme' }, 1),
      identify('company', 'evil', { name: 'Evil Corp' }, 2),
    ]);
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const base = () => `/api/projects/${projectId}`;
  const keys = (page: GroupPage) => page.results.map((g) => g.group_key);

  it('lists group types by index', async () => {
    const res = await web.get(`${base()}/groups_types/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { group_type: 'company', group_type_index: 0, name_singular: null, name_plural: null },
      { group_type: 'team', group_type_index: 1, name_singular: null, name_plural: null },
    ]);
  });

  it('renames group types (admins only), all or nothing', async () => {
    const url = `${base()}/groups_types/update_metadata`;
    const res = await web.patch(url, [
      { group_type_index: 0, name_singular: 'Company', name_plural: 'Companies' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { group_type: 'company', group_type_index: 0, name_singular: 'Company', name_plural: 'Companies' },
      { group_type: 'team', group_type_index: 1, name_singular: null, name_plural: null },
    ]);
    // A field left out keeps its value; null clears it.
    await web.patch(url, [
      { group_type_index: 1, name_plural: 'Teams' },
      { group_type_index: 0, name_singular: null },
    ]);
    const unknownIndex = await web.patch(url, [
      { group_type_index: 1, name_singular: 'Squad' },
      { group_type_index: 3, name_singular: 'Ghost' },
    ]);
    expect(unknownIndex.status).toBe(400);
    expect(unknownIndex.body).toMatchObject({ type: 'validation_error', attr: '1__group_type_index' });
    for (const [body, attr] of [
      [{ group_type_index: 0 }, null],
      [[{ group_type_index: 7 }], '0__group_type_index'],
      [[{ group_type_index: 0, name_plural: 'x'.repeat(401) }], '0__name_plural'],
    ] as const) {
      const bad = await web.patch(url, body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body.attr).toBe(attr);
    }
    expect((await web.get(`${base()}/groups_types/`)).body).toEqual([
      { group_type: 'company', group_type_index: 0, name_singular: null, name_plural: 'Companies' },
      { group_type: 'team', group_type_index: 1, name_singular: null, name_plural: 'Teams' },
    ]);

    const member = new ApiClient(server.url);
    const memberAccount = await member.signup(`member-${appStore}@example.com`);
    const orgId = (await web.get<{ id: string }>('/api/organizations/@current/')).body.id;
    await server.container.organizations.addMember(orgId, memberAccount.id, MembershipLevels.member);
    expect((await member.get(`${base()}/groups_types/`)).status).toBe(200);
    const denied = await member.patch(url, [{ group_type_index: 0, name_singular: 'Nope' }]);
    expect(denied.status).toBe(403);
  });

  it('lists groups of a type newest first, in PostHog’s shape', async () => {
    const res = await web.get<GroupPage>(`${base()}/groups/?group_type_index=0`);
    expect(res.status).toBe(200);
    expect(res.body.next).toBeNull();
    expect(res.body.previous).toBeNull();
    expect(keys(res.body)).toEqual([HOSTILE_KEY, 'c1', 'c2', 'c3', 'c4', 'initech', 'globex', 'acme']);
    expect(res.body.results.at(-1)).toEqual({
      group_type_index: 0,
      group_key: 'acme',
      group_properties: { name: 'Acme Inc', plan: 'enterprise' },
      created_at: '2024-06-01T00:01:00.000Z',
    });
    const teams = await web.get<GroupPage>(`${base()}/groups/?group_type_index=1`);
    expect(teams.body.results).toEqual([
      {
        group_type_index: 1,
        group_key: 't1',
        group_properties: { size: 3 },
        created_at: '2024-06-01T00:07:00.000Z',
      },
    ]);
    expect((await web.get<GroupPage>(`${base()}/groups/?group_type_index=4`)).body.results).toEqual([]);
  });

  it('pages with cursors forwards and back without gaps or repeats', async () => {
    const all = [HOSTILE_KEY, 'c1', 'c2', 'c3', 'c4', 'initech', 'globex', 'acme'];
    const forward: GroupPage[] = [];
    let url: string | null = `${base()}/groups/?group_type_index=0&limit=3`;
    while (url) {
      const res: { status: number; body: GroupPage } = await web.get<GroupPage>(url);
      expect(res.status).toBe(200);
      forward.push(res.body);
      url = res.body.next;
    }
    expect(forward.map(keys)).toEqual([all.slice(0, 3), all.slice(3, 6), all.slice(6)]);
    expect(forward[0]?.previous).toBeNull();
    const backward: string[][] = [];
    let back: string | null = forward.at(-1)?.previous ?? null;
    while (back) {
      const res: { status: number; body: GroupPage } = await web.get<GroupPage>(back);
      backward.push(keys(res.body));
      expect(res.body.next).not.toBeNull();
      back = res.body.previous;
    }
    expect(backward).toEqual([all.slice(3, 6), all.slice(0, 3)]);
    // Forward again from a page reached backwards.
    const again = await web.get<GroupPage>(forward[1]?.previous ?? '');
    expect(keys(again.body)).toEqual(all.slice(0, 3));
    expect(keys((await web.get<GroupPage>(again.body.next ?? '')).body)).toEqual(all.slice(3, 6));
  });

  it('searches properties (substring, any case) and keys (whole key, any case)', async () => {
    const search = async (q: string) =>
      keys(
        (await web.get<GroupPage>(`${base()}/groups/?group_type_index=0&search=${encodeURIComponent(q)}`))
          .body,
      );
    expect(await search('acme inc')).toEqual(['acme']);
    expect(await search('GLOBEX')).toEqual(['globex']);
    expect(await search('software')).toEqual(['initech']);
    expect(await search('C1')).toEqual(['c1']);
    expect(await search('100%')).toEqual([HOSTILE_KEY]);
    expect(await search('%')).toEqual([HOSTILE_KEY]);
    expect(await search('_')).toEqual([]);
    expect(await search(HOSTILE_KEY)).toEqual([HOSTILE_KEY]);
    expect(await search(`' OR '1'='1`)).toEqual([]);
    expect(await search('evil')).toEqual([]);
    expect(await search('x'.repeat(1000))).toEqual([]);
  });

  it('finds one group by key, and never another project’s', async () => {
    const find = (index: string, key: string) =>
      web.get<GroupBody>(
        `${base()}/groups/find/?group_type_index=${index}&group_key=${encodeURIComponent(key)}`,
      );
    const acme = await find('0', 'acme');
    expect(acme.status).toBe(200);
    expect(acme.body).toEqual({
      group_type_index: 0,
      group_key: 'acme',
      group_properties: { name: 'Acme Inc', plan: 'enterprise' },
      created_at: '2024-06-01T00:01:00.000Z',
    });
    expect((await find('0', HOSTILE_KEY)).body.group_properties).toEqual({ note: `it's 100% "quoted"` });
    for (const [index, key] of [
      ['0', 'ACME'],
      ['1', 'acme'],
      ['0', 'evil'],
      ['0', `acme' OR '1'='1`],
    ]) {
      const res = await find(index as string, key as string);
      expect(res.status, key).toBe(404);
      expect(res.body).toMatchObject({ code: 'not_found' });
    }
  });

  it('answers 400 naming the field for invalid queries', async () => {
    const cases: [string, string][] = [
      ['groups/', 'group_type_index'],
      ['groups/?group_type_index=', 'group_type_index'],
      ['groups/?group_type_index=5', 'group_type_index'],
      ['groups/?group_type_index=zero', 'group_type_index'],
      ['groups/?group_type_index=0&cursor=garbage', 'cursor'],
      [
        `groups/?group_type_index=0&cursor=${Buffer.from('{"c":"soon","k":"a","d":"n"}').toString('base64url')}`,
        'cursor',
      ],
      ['groups/?group_type_index=0&limit=0', 'limit'],
      ['groups/find/?group_key=acme', 'group_type_index'],
      ['groups/find/?group_type_index=0', 'group_key'],
    ];
    for (const [path, attr] of cases) {
      const res = await web.get(`${base()}/${path}`);
      expect(res.status, path).toBe(400);
      expect(res.body, path).toMatchObject({ type: 'validation_error', attr });
    }
    const missing = await web.get(`${base()}/groups/`);
    expect(String(missing.body.detail)).toContain('group_type_index');
  });
});
