import zlib from 'node:zlib';
import LZString from 'lz-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('capture endpoints', () => {
  let server: TestServer;
  let token: string;
  let teamId: number;
  let web: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    const account = await web.signup('capture@example.com');
    token = account.team.api_token;
    teamId = account.team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', body, headers });

  async function stored(where = '1') {
    await server.container.ingestion.drained();
    const store = server.container.eventStore;
    const r = await store.query<{
      uuid: string;
      event: string;
      distinct_id: string;
      timestamp: string;
      properties: string;
    }>({
      sql: `SELECT uuid, event, distinct_id, timestamp, properties FROM ${store.database}.events
            WHERE team_id = {team:Int64} AND ${where} ORDER BY timestamp, uuid`,
      params: { team: teamId },
    });
    return r.rows;
  }

  it('accepts a posthog-node style gzip batch and stores its events', async () => {
    const body = zlib.gzipSync(
      JSON.stringify({
        api_key: token,
        sent_at: new Date().toISOString(),
        batch: [
          {
            event: 'node one',
            distinct_id: 'n1',
            uuid: '01900000-0000-7000-8000-000000000001',
            timestamp: new Date().toISOString(),
            properties: { a: 1 },
          },
          {
            event: 'node two',
            distinct_id: 'n1',
            uuid: '01900000-0000-7000-8000-000000000002',
            properties: { $lib: 'posthog-node' },
          },
        ],
      }),
    );
    const res = await post('/batch/', body, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'Ok' });
    const rows = await stored("event LIKE 'node %'");
    expect(rows.map((r) => r.uuid)).toEqual([
      '01900000-0000-7000-8000-000000000001',
      '01900000-0000-7000-8000-000000000002',
    ]);
    expect(JSON.parse(rows[0]?.properties ?? '{}')).toMatchObject({ a: 1, $ip: '127.0.0.1' });
  });

  it('accepts posthog-js style gzip sent as text/plain with no hint, on /e/ and /i/v0/e/', async () => {
    for (const path of ['/e/', '/i/v0/e/', '/e', '/capture/', '/track/']) {
      const body = zlib.gzipSync(
        JSON.stringify({
          api_key: token,
          batch: [{ event: `js ${path}`, properties: { distinct_id: 'js1', token } }],
          sent_at: new Date().toISOString(),
        }),
      );
      const res = await post(path, body, { 'content-type': 'text/plain' });
      expect(res.status, path).toBe(200);
    }
    expect((await stored("event LIKE 'js %'")).length).toBe(5);
  });

  it('accepts base64 forms, lz64, GET with data=, and answers beacons with 204', async () => {
    const event = (name: string) =>
      JSON.stringify([{ event: name, properties: { distinct_id: 'old', token } }]);
    const form = `data=${encodeURIComponent(Buffer.from(event('form b64')).toString('base64'))}&compression=base64`;
    expect((await post('/e/', form, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(
      200,
    );
    const lz = `data=${encodeURIComponent(LZString.compressToBase64(event('form lz64')))}&compression=lz64`;
    expect((await post('/e/', lz, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(200);
    const get = await fetch(
      `${server.url}/e/?data=${encodeURIComponent(Buffer.from(event('get data')).toString('base64'))}`,
    );
    expect(get.status).toBe(200);
    const beacon = await post('/e/?beacon=1', event('beacon'), { 'content-type': 'text/plain' });
    expect(beacon.status).toBe(204);
    expect((await stored("distinct_id = 'old'")).map((r) => r.event).sort()).toEqual([
      'beacon',
      'form b64',
      'form lz64',
      'get data',
    ]);
  });

  it('sets person properties through /engage/ and accepts GET /batch/ with data=', async () => {
    const engage = Buffer.from(
      JSON.stringify({ $token: token, $distinct_id: 'engaged', $set: { plan: 'legacy' } }),
    ).toString('base64');
    const res = await post('/engage/', `data=${encodeURIComponent(engage)}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(200);
    const batch = Buffer.from(
      JSON.stringify({ api_key: token, batch: [{ event: 'batched by GET', distinct_id: 'engaged' }] }),
    ).toString('base64');
    expect((await fetch(`${server.url}/batch/?data=${encodeURIComponent(batch)}`)).status).toBe(200);
    const rows = await stored("distinct_id = 'engaged'");
    expect(rows.map((r) => r.event).sort()).toEqual(['$identify', 'batched by GET']);
    const person = await web.get<{ results: { properties: Record<string, unknown> }[] }>(
      `/api/projects/${teamId}/persons/?distinct_id=engaged`,
    );
    expect(person.body.results.map((p) => p.properties)).toEqual([{ plan: 'legacy' }]);
  });

  it('answers CORS preflights and mirrors the origin', async () => {
    const res = await fetch(`${server.url}/i/v0/e/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('answers bad requests as PostHog does and stores nothing from them', async () => {
    const cases: [string, string | Buffer, number, string][] = [
      ['/batch/', JSON.stringify({ batch: [{ event: 'x', distinct_id: 'd' }] }), 401, 'ingest_key_required'],
      [
        '/batch/',
        JSON.stringify({ api_key: 'phc_unknown', batch: [{ event: 'x', distinct_id: 'd' }] }),
        403,
        'ingest_key_unknown',
      ],
      [
        '/batch/',
        JSON.stringify({ api_key: 'phx_personal', batch: [{ event: 'x', distinct_id: 'd' }] }),
        403,
        'ingest_key_unknown',
      ],
      ['/batch/', '{"api_key": "x", "batch": [', 400, 'request_parsing_error'],
      ['/batch/', JSON.stringify({ api_key: token, batch: [] }), 400, 'empty_batch'],
      [
        '/batch/',
        JSON.stringify({ api_key: token, batch: [{ distinct_id: 'd' }] }),
        400,
        'missing_event_name',
      ],
      [
        '/batch/',
        JSON.stringify({ api_key: token, batch: [{ event: 'bad', distinct_id: '' }] }),
        400,
        'missing_distinct_id',
      ],
      ['/e/', Buffer.from([0x1f, 0x8b, 0, 1]), 400, 'request_decoding_error'],
    ];
    for (const [path, body, status, code] of cases) {
      const res = await post(path, body, { 'content-type': 'application/json' });
      expect(res.status, code).toBe(status);
      expect(await res.json(), code).toMatchObject({ status, code });
    }
    const tooBig = await post(
      '/e/',
      JSON.stringify({
        api_key: token,
        batch: [{ event: 'big', distinct_id: 'd', properties: { x: 'x'.repeat(3 * 1024 * 1024) } }],
      }),
      {
        'content-type': 'application/json',
      },
    );
    expect(tooBig.status).toBe(413);
    expect((await stored("event IN ('x', 'bad', 'big')")).length).toBe(0);
  });

  it('corrects client clock skew with sent_at and keeps the client uuid', async () => {
    const skewed = new Date(Date.now() + 3600_000);
    const body = JSON.stringify({
      api_key: token,
      sent_at: skewed.toISOString(),
      batch: [
        {
          event: 'skewed',
          distinct_id: 's',
          uuid: '01900000-0000-7000-8000-0000000000aa',
          timestamp: new Date(skewed.getTime() - 60_000).toISOString(),
        },
      ],
    });
    expect((await post('/batch/', body, { 'content-type': 'application/json' })).status).toBe(200);
    const [row] = await stored("event = 'skewed'");
    const at = Date.parse(`${row?.timestamp.replace(' ', 'T')}Z`);
    expect(Math.abs(at - (Date.now() - 60_000))).toBeLessThan(10_000);
  });
});
