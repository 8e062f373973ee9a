import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

interface EventBody {
  id: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  event: string;
  timestamp: string;
  person: { is_identified: boolean; distinct_ids: string[]; properties: Record<string, unknown> } | null;
  elements: unknown[];
  elements_chain: string;
}
interface EventList {
  next: string | null;
  results: EventBody[];
}

const id = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const at = (seconds: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, seconds)).toISOString();
const HOSTILE_KEY = `k' OR 1=1 --\\"); DROP TABLE events; {team:Int64}`;
const HOSTILE_VALUE = `v'); DELETE FROM events WHERE ('1'='1 \\' \\\\ "%_*" \u0000 \u202e Grüße 😀`;
const LONG = `${'x'.repeat(10_000)}needle`;

/** Project A's events, in time order; e05–e08 share one timestamp. */
const EVENTS = [
  {
    uuid: id(1),
    event: '$pageview',
    distinct_id: 'anon-1',
    timestamp: at(0),
    properties: { $current_url: 'https://shop.example/a', price: 10, plan: 'free' },
  },
  {
    uuid: id(2),
    event: '$pageview',
    distinct_id: 'anon-1',
    timestamp: at(1),
    properties: { $current_url: 'https://shop.example/B', price: 25.5, flag: true },
  },
  {
    uuid: id(3),
    event: '$identify',
    distinct_id: 'user-1',
    timestamp: at(2),
    properties: {
      $anon_distinct_id: 'anon-1',
      $set: { email: 'ada@example.com', name: 'Ada', role: 'admin' },
    },
  },
  {
    uuid: id(4),
    event: 'purchase',
    distinct_id: 'user-1',
    timestamp: at(3),
    properties: { price: 99, plan: 'pro', empty: null },
  },
  ...[5, 6, 7, 8].map((n) => ({
    uuid: id(n),
    event: 'tick',
    distinct_id: 'user-2',
    timestamp: at(4),
    properties: { n },
  })),
  {
    uuid: id(9),
    event: 'purchase',
    distinct_id: 'user-2',
    timestamp: at(5),
    properties: { price: '7', plan: 'Pro' },
  },
  {
    uuid: id(10),
    event: 'hostile',
    distinct_id: 'bot',
    timestamp: at(6),
    properties: { [HOSTILE_KEY]: HOSTILE_VALUE, quote: `it's "quoted" \\ back`, long: LONG },
  },
  {
    uuid: id(11),
    event: 'tick',
    distinct_id: 'personless',
    timestamp: at(7),
    properties: { $process_person_profile: false },
  },
  {
    uuid: id(12),
    event: '$pageview',
    distinct_id: 'user-3',
    timestamp: at(8),
    properties: { $set: { username: 'grace' } },
  },
];
const NEWEST_FIRST = EVENTS.map((e) => e.uuid).reverse();
const ids = (...ns: number[]) => ns.map(id);

describe('events API', () => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;
  let otherProjectId: number;
  let outsiderEventId: string;

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
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('events@example.com');
    projectId = account.team.id;
    await capture(account.team.api_token, EVENTS);

    // The same names, ids and properties in a sibling project and in another organization.
    const sibling = await web.post<{ id: number; api_token: string }>('/api/projects/', { name: 'Sibling' });
    otherProjectId = sibling.body.id;
    const outsider = await new ApiClient(server.url).signup('outsider@example.com');
    outsiderEventId = id(900);
    const lookalikes = (base: number) => [
      {
        uuid: id(base + 1),
        event: 'purchase',
        distinct_id: 'user-1',
        timestamp: at(3),
        properties: { price: 99, plan: 'pro' },
      },
      {
        uuid: id(base + 2),
        event: '$identify',
        distinct_id: 'user-1',
        timestamp: at(2),
        properties: { $anon_distinct_id: 'anon-1' },
      },
      {
        uuid: id(base + 3),
        event: 'hostile',
        distinct_id: 'bot',
        timestamp: at(6),
        properties: { [HOSTILE_KEY]: HOSTILE_VALUE },
      },
    ];
    await capture(sibling.body.api_token, lookalikes(800));
    await capture(outsider.team.api_token, [
      ...lookalikes(900).slice(1),
      { ...lookalikes(900)[0], uuid: outsiderEventId },
    ]);
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const list = async (query: Record<string, string | object> = {}, project = projectId) => {
    const params = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    );
    const res = await web.get<EventList>(`/api/projects/${project}/events/?${params}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const listIds = async (query: Record<string, string | object> = {}) =>
    (await list(query)).results.map((e) => e.id);

  it('lists events newest first in PostHog’s shape, with the person behind each', async () => {
    const body = await list();
    expect(body.next).toBeNull();
    expect(body.results.map((e) => e.id)).toEqual(NEWEST_FIRST);
    const byId = new Map(body.results.map((e) => [e.id, e]));
    expect(byId.get(id(4))).toEqual({
      id: id(4),
      distinct_id: 'user-1',
      properties: { price: 99, plan: 'pro', empty: null, $ip: '127.0.0.1' },
      event: 'purchase',
      timestamp: '2024-05-01T10:00:03.000000Z',
      // PostHog shows one distinct id and only the properties that name the person.
      person: {
        is_identified: true,
        distinct_ids: ['anon-1'],
        properties: { email: 'ada@example.com', name: 'Ada' },
      },
      elements: [],
      elements_chain: '',
    });
    expect(byId.get(id(1))?.person).toEqual(byId.get(id(4))?.person);
    expect(byId.get(id(5))?.person).toEqual({
      is_identified: false,
      distinct_ids: ['user-2'],
      properties: {},
    });
    expect(byId.get(id(12))?.person).toEqual({
      is_identified: false,
      distinct_ids: ['user-3'],
      properties: { username: 'grace' },
    });
    expect(byId.get(id(11))?.person).toBeNull();
    expect(byId.get(id(10))?.properties).toEqual({
      [HOSTILE_KEY]: HOSTILE_VALUE,
      quote: `it's "quoted" \\ back`,
      long: LONG,
      $ip: '127.0.0.1',
    });
  });

  it('returns one event by id, and 404 for ids of other projects or none', async () => {
    const res = await web.get<EventBody>(`/api/projects/${projectId}/events/${id(9)}/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: id(9),
      distinct_id: 'user-2',
      properties: { price: '7', plan: 'Pro', $ip: '127.0.0.1' },
      event: 'purchase',
      timestamp: '2024-05-01T10:00:05.000000Z',
      person: { is_identified: false, distinct_ids: ['user-2'], properties: {} },
      elements: [],
      elements_chain: '',
    });
    for (const other of [outsiderEventId, id(801), id(777)]) {
      const missing = await web.get(`/api/projects/${projectId}/events/${other}/`);
      expect(missing.status, other).toBe(404);
      expect(missing.body).toMatchObject({ type: 'invalid_request', code: 'not_found' });
    }
    const invalid = await web.get(`/api/projects/${projectId}/events/not-a-uuid/`);
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ type: 'validation_error', attr: 'eventId' });
  });

  it('filters by event, distinct id, person and time', async () => {
    expect(await listIds({ event: 'purchase' })).toEqual(ids(9, 4));
    expect(await listIds({ distinct_id: 'anon-1' })).toEqual(ids(2, 1));
    expect(await listIds({ event: 'tick', distinct_id: 'user-2' })).toEqual(ids(8, 7, 6, 5));
    expect(await listIds({ after: at(4) })).toEqual(ids(12, 11, 10, 9));
    expect(await listIds({ before: at(4) })).toEqual(ids(4, 3, 2, 1));
    expect(await listIds({ after: at(1), before: at(3) })).toEqual(ids(3));
    expect(await listIds({ after: '2024-05-01T12:00:04+02:00' })).toEqual(ids(12, 11, 10, 9));
    expect(await listIds({ after: '2024-05-01T10:00:07.999999' })).toEqual(ids(12));
    expect(await listIds({ before: '2024-05-01' })).toEqual([]);
    expect(await listIds({ event: '', distinct_id: '' })).toEqual(NEWEST_FIRST);

    const store = server.container.eventStore;
    const person = await store.query<{ person_id: string }>({
      sql: `SELECT toString(argMax(person_id, version)) AS person_id FROM ${store.database}.person_distinct_ids
            WHERE team_id = {team:Int64} AND distinct_id = 'anon-1'`,
      params: { team: projectId },
    });
    const personId = person.rows[0]?.person_id ?? '';
    // Every distinct id of the person, the anonymous one merged in by $identify included.
    expect(await listIds({ person_id: personId })).toEqual(ids(4, 3, 2, 1));
    expect(await listIds({ person_id: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });

  it('filters by event properties with PostHog’s operators', async () => {
    const cases: [object[], number[]][] = [
      [[{ key: 'plan', value: 'pro', operator: 'exact', type: 'event' }], [4]],
      [[{ key: 'plan', value: ['pro', 'Pro'] }], [9, 4]],
      [[{ key: 'price', value: 99 }], [4]],
      [[{ key: 'price', value: '7' }], [9]],
      [[{ key: 'flag', value: true }], [2]],
      [[{ key: 'plan', value: 'pro', operator: 'is_not' }], [12, 11, 10, 9, 8, 7, 6, 5, 3, 2, 1]],
      [[{ key: 'plan', value: ['pro', 'Pro', 'free'], operator: 'is_not' }], [12, 11, 10, 8, 7, 6, 5, 3, 2]],
      [[{ key: '$current_url', value: 'SHOP.example/b', operator: 'icontains' }], [2]],
      [
        [{ key: '$current_url', value: 'shop', operator: 'not_icontains' }],
        [12, 11, 10, 9, 8, 7, 6, 5, 4, 3],
      ],
      [[{ key: '$current_url', value: '/[AB]$', operator: 'regex' }], [2]],
      [[{ key: '$current_url', value: ['/a$', '/B$'], operator: 'regex' }], [2, 1]],
      [
        [{ key: '$current_url', value: '^https://', operator: 'not_regex' }],
        [12, 11, 10, 9, 8, 7, 6, 5, 4, 3],
      ],
      [[{ key: 'price', value: 20, operator: 'gt' }], [4, 2]],
      [[{ key: 'price', value: '10', operator: 'gte' }], [4, 2, 1]],
      [[{ key: 'price', value: 10, operator: 'lt' }], [9]],
      [[{ key: 'price', value: 7, operator: 'lte' }], [9]],
      [[{ key: 'n', value: [5, 7], operator: 'gt' }], [8, 7, 6]],
      [[{ key: 'price', operator: 'is_set' }], [9, 4, 2, 1]],
      [[{ key: 'empty', operator: 'is_set' }], []],
      [[{ key: 'price', operator: 'is_not_set', value: 'is_not_set' }], [12, 11, 10, 8, 7, 6, 5, 3]],
      [
        [
          { key: 'plan', value: ['pro', 'Pro'] },
          { key: 'price', value: 50, operator: 'gt' },
        ],
        [4],
      ],
      [[{ key: 'plan', value: [] }], [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]],
    ];
    for (const [properties, expected] of cases) {
      expect(await listIds({ properties }), JSON.stringify(properties)).toEqual(ids(...expected));
    }
  });

  it('pages through every event exactly once, across events that share a timestamp', async () => {
    for (const limit of [1, 3, 5, 11, 12]) {
      const seen: string[] = [];
      let url: string | null = `/api/projects/${projectId}/events/?limit=${limit}`;
      let pages = 0;
      while (url) {
        const res: { status: number; body: EventList } = await web.get<EventList>(url);
        expect(res.status).toBe(200);
        expect(res.body.results.length).toBeLessThanOrEqual(limit);
        expect(res.body.results.length).toBeGreaterThan(0);
        seen.push(...res.body.results.map((e) => e.id));
        url = res.body.next;
        pages += 1;
      }
      expect(seen, `limit ${limit}`).toEqual(NEWEST_FIRST);
      expect(pages).toBe(Math.ceil(NEWEST_FIRST.length / limit));
    }
    // The cursor keeps the other filters and is PostHog's `before` plus a tie-breaking id.
    const first = await list({ event: 'tick', limit: '2' });
    expect(first.results.map((e) => e.id)).toEqual(ids(11, 8));
    const next = new URL(first.next ?? '');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      event: 'tick',
      limit: '2',
      before: '2024-05-01T10:00:04.000000Z',
      before_uuid: id(8),
    });
    const second = await web.get<EventList>(`${next.pathname}${next.search}`);
    expect(second.body.results.map((e) => e.id)).toEqual(ids(7, 6));
  });

  it('never shows another project’s events', async () => {
    const sibling = await list({}, otherProjectId);
    expect(sibling.results.map((e) => e.id).sort()).toEqual(ids(801, 802, 803));
    expect(await listIds({ event: 'purchase', distinct_id: 'user-1' })).toEqual(ids(4));
    expect(await listIds({ properties: [{ key: HOSTILE_KEY, value: HOSTILE_VALUE }] })).toEqual(ids(10));
    // The sibling project's person of user-1 finds nothing here.
    const store = server.container.eventStore;
    const siblingPerson = await store.query<{ person_id: string }>({
      sql: `SELECT toString(argMax(person_id, version)) AS person_id FROM ${store.database}.person_distinct_ids
            WHERE team_id = {team:Int64} AND distinct_id = 'user-1'`,
      params: { team: otherProjectId },
    });
    expect(siblingPerson.rows[0]?.person_id).toBeTruthy();
    expect(await listIds({ person_id: siblingPerson.rows[0]?.person_id ?? '' })).toEqual([]);
  });

  it('treats hostile filter values as plain values', async () => {
    const sqlish = [
      `' OR 1=1 --`,
      `purchase' OR '1'='1`,
      `\\' OR 1=1) --`,
      `"); DROP TABLE events; --`,
      '{team:Int64}',
      `${'\\'.repeat(50)}'`,
      '\u0000',
    ];
    for (const value of sqlish) {
      expect(await listIds({ event: value }), value).toEqual([]);
      expect(await listIds({ distinct_id: value }), value).toEqual([]);
      expect(await listIds({ properties: [{ key: 'plan', value }] }), value).toEqual([]);
      expect(await listIds({ properties: [{ key: value, value: 'pro' }] }), value).toEqual([]);
      expect(await listIds({ properties: [{ key: value, operator: 'is_set' }] }), value).toEqual([]);
      expect(await listIds({ properties: [{ key: 'plan', value, operator: 'icontains' }] }), value).toEqual(
        [],
      );
    }
    // The stored hostile values are found exactly, by every string operator.
    expect(await listIds({ properties: [{ key: HOSTILE_KEY, value: HOSTILE_VALUE }] })).toEqual(ids(10));
    expect(await listIds({ properties: [{ key: 'quote', value: `it's "quoted" \\ back` }] })).toEqual(
      ids(10),
    );
    expect(
      await listIds({ properties: [{ key: HOSTILE_KEY, value: 'GRÜßE 😀', operator: 'icontains' }] }),
    ).toEqual(ids(10));
    expect(
      await listIds({ properties: [{ key: HOSTILE_KEY, value: "'1'='1", operator: 'icontains' }] }),
    ).toEqual(ids(10));
    expect(await listIds({ properties: [{ key: HOSTILE_KEY, operator: 'is_set' }] })).toEqual(ids(10));
    // 10 kB values and keys.
    expect(await listIds({ properties: [{ key: 'long', value: LONG }] })).toEqual(ids(10));
    expect(await listIds({ properties: [{ key: 'long', value: `${LONG}!` }] })).toEqual([]);
    expect(
      await listIds({ properties: [{ key: 'long', value: 'x'.repeat(9_000), operator: 'icontains' }] }),
    ).toEqual(ids(10));
    expect(await listIds({ properties: [{ key: 'k'.repeat(10_000), value: 'pro' }] })).toEqual([]);
    expect(await listIds({ event: 'e'.repeat(10_000) })).toEqual([]);
    expect(
      await listIds({ properties: [{ key: 'long', value: '(x+)+needle$', operator: 'regex' }] }),
    ).toEqual(ids(10));
  });

  it('compares JSON-escaped strings by their unescaped text: quotes, backslashes, control and \\u escapes', async () => {
    // Sent as raw JSON so that the escapes are exactly what an SDK might write.
    const escapes = await web.post<{ id: number; api_token: string }>('/api/projects/', { name: 'Escapes' });
    const raw = `{"api_key": ${JSON.stringify(escapes.body.api_token)}, "batch": [{
      "uuid": "${id(700)}", "event": "caf\\u00e9 \\"visit\\"", "distinct_id": "esc\\\\aped",
      "timestamp": "${at(0)}",
      "properties": {
        "quoted": "it's \\"q\\" \\\\ back\\\\slash",
        "unicode": "caf\\u00e9 \\ud83d\\ude00 \\u202e",
        "control": "tab\\there\\nline\\u0001end",
        "k\\u00e9y \\"q\\"": "v\\/slash",
        "number_text": "\\u0035"
      }
    }]}`;
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', 'user-agent': 'posthog-node/5.70.0' },
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();

    const find = async (query: Record<string, string | object>) =>
      (await list(query, escapes.body.id)).results.map((e) => e.id);
    const all = await list({}, escapes.body.id);
    expect(all.results[0]).toMatchObject({
      event: 'café "visit"',
      distinct_id: 'esc\\aped',
      properties: {
        quoted: `it's "q" \\ back\\slash`,
        unicode: 'café 😀 \u202e',
        control: 'tab\there\nline\u0001end',
        'kéy "q"': 'v/slash',
        number_text: '5',
      },
    });
    const matches: Record<string, string | object>[] = [
      { event: 'café "visit"' },
      { distinct_id: 'esc\\aped' },
      { properties: [{ key: 'quoted', value: `it's "q" \\ back\\slash` }] },
      { properties: [{ key: 'quoted', value: '"Q" \\ BACK\\', operator: 'icontains' }] },
      { properties: [{ key: 'quoted', value: '\\\\ back\\\\slash$', operator: 'regex' }] },
      { properties: [{ key: 'unicode', value: 'café 😀 \u202e' }] },
      { properties: [{ key: 'unicode', value: 'CAFÉ 😀', operator: 'icontains' }] },
      { properties: [{ key: 'control', value: 'tab\there\nline\u0001end' }] },
      { properties: [{ key: 'control', value: '^tab\\there\\nline\\x01end$', operator: 'regex' }] },
      { properties: [{ key: 'kéy "q"', value: 'v/slash' }] },
      { properties: [{ key: 'kéy "q"', operator: 'is_set' }] },
      { properties: [{ key: 'number_text', value: 5, operator: 'gte' }] },
    ];
    for (const query of matches) expect(await find(query), JSON.stringify(query)).toEqual(ids(700));
    const misses: Record<string, string | object>[] = [
      { properties: [{ key: 'quoted', value: `it's \\"q\\" \\\\ back\\\\slash` }] },
      { properties: [{ key: 'quoted', value: `it's "q" \\ back\\slash`, operator: 'is_not' }] },
      { properties: [{ key: 'unicode', value: 'caf\\u00e9', operator: 'icontains' }] },
      { properties: [{ key: 'control', value: 'tab\\there', operator: 'icontains' }] },
      { properties: [{ key: 'kéy \\"q\\"', operator: 'is_set' }] },
    ];
    for (const query of misses) expect(await find(query), JSON.stringify(query)).toEqual([]);
  });

  it('answers 400 naming the field for invalid queries', async () => {
    const cases: [Record<string, string | object>, string][] = [
      [{ limit: '0' }, 'limit'],
      [{ limit: '1001' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ after: 'yesterday' }, 'after'],
      [{ before: '2024-13-01T00:00:00Z' }, 'before'],
      [{ before_uuid: id(1) }, 'before_uuid'],
      [{ before: at(1), before_uuid: 'x' }, 'before_uuid'],
      [{ person_id: 'ada' }, 'person_id'],
      [{ properties: '{not json' }, 'properties'],
      [{ properties: { key: 'plan', value: 'pro' } }, 'properties'],
      [{ properties: [{ key: 'plan', value: 'pro', type: 'person' }] }, 'properties__0__type'],
      [
        {
          properties: [
            { key: 'plan', value: 'x' },
            { key: 'n', value: 1, operator: 'between' },
          ],
        },
        'properties__1__operator',
      ],
      [{ properties: [{ key: 'price', value: 'cheap', operator: 'gt' }] }, 'properties__0__value'],
      [{ properties: [{ key: 'plan', operator: 'exact' }] }, 'properties__0__value'],
      [{ properties: [{ value: 'pro' }] }, 'properties__0__key'],
      [{ properties: [{ key: '$current_url', value: '((', operator: 'regex' }] }, 'properties__0__value'],
      [
        {
          properties: [
            { key: 'a', value: 'x' },
            { key: '$current_url', value: ['ok', '[z-a]'], operator: 'not_regex' },
          ],
        },
        'properties__1__value__1',
      ],
    ];
    for (const [query, attr] of cases) {
      const params = new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [
          k,
          typeof v === 'string' ? v : JSON.stringify(v),
        ]),
      );
      const res = await web.get(`/api/projects/${projectId}/events/?${params}`);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body, JSON.stringify(query)).toMatchObject({ type: 'validation_error', attr });
      expect(String(res.body.detail)).not.toBe('');
    }
  });
});
