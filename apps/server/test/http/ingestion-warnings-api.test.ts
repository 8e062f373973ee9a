import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

interface WarningSummary {
  type: string;
  lastSeen: string;
  warnings: { type: string; timestamp: string; details: Record<string, unknown> }[];
  count: number;
}
interface DeadLetterBody {
  id: string;
  event_uuid: string;
  event: string;
  distinct_id: string;
  error_location: string;
  error: string;
  raw: Record<string, unknown>;
  created_at: string;
}
interface DeadLetterPage {
  count: number;
  next: string | null;
  previous: string | null;
  results: DeadLetterBody[];
}

const id = (n: number) => `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const HOUR = 3600_000;
/** Whole seconds, so that the times read back are the times sent. */
const NOW = Math.floor(Date.now() / 1000) * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const identify = (n: number, user: string, anon: string, ms: number) => ({
  uuid: id(n),
  event: '$identify',
  distinct_id: user,
  timestamp: iso(ms),
  properties: { $anon_distinct_id: anon },
});
const LONG_NAME = `${'x'.repeat(201)}'); DROP TABLE events; --`;

describe('ingestion warnings and dead letters API', () => {
  let server: TestServer;
  let web: ApiClient;
  let outsider: ApiClient;
  let projectId: number;
  let outsiderProjectId: number;
  let received: { from: number; to: number };

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
    const account = await web.signup('warnings@example.com');
    projectId = account.team.id;
    outsider = new ApiClient(server.url);
    const other = await outsider.signup('other-warnings@example.com');
    outsiderProjectId = other.team.id;

    const from = Date.now();
    await capture(account.team.api_token, [
      identify(1, 'user-a', 'anonymous', NOW - HOUR),
      identify(2, 'user-b', 'anonymous', NOW - 2 * HOUR),
      // Older than 30 days: stored, but outside the list's window.
      identify(3, 'user-c', 'anonymous', NOW - 40 * 24 * HOUR),
      { uuid: id(4), event: 'clicked', distinct_id: 'user-a', timestamp: 'garbage' },
    ]);
    await capture(account.team.api_token, [
      { uuid: id(5), event: LONG_NAME, distinct_id: 'user-a', timestamp: iso(NOW), properties: { a: 1 } },
    ]);
    await new Promise((r) => setTimeout(r, 20));
    await capture(account.team.api_token, [{ uuid: id(6), event: 'y'.repeat(300), distinct_id: 'user-b' }]);
    received = { from, to: Date.now() };
    await capture(other.team.api_token, [
      identify(7, 'evil', 'null', NOW - HOUR),
      { uuid: id(8), event: 'z'.repeat(250), distinct_id: 'evil' },
    ]);
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('groups the last 30 days of warnings by type, most recently seen first', async () => {
    const res = await web.get<{ results: WarningSummary[] }>(
      `/api/projects/${projectId}/ingestion_warnings/`,
    );
    expect(res.status).toBe(200);
    const [timestamp, merge, ...rest] = res.body.results;
    expect(rest).toEqual([]);
    // Refused merges are dated by their event; a bad timestamp by when the server received it.
    expect(merge).toEqual({
      type: 'cannot_merge_with_illegal_distinct_id',
      lastSeen: iso(NOW - HOUR),
      warnings: [
        {
          type: 'cannot_merge_with_illegal_distinct_id',
          timestamp: iso(NOW - HOUR),
          details: {
            sourcePersonDistinctId: 'anonymous',
            targetPersonDistinctId: 'user-a',
            eventUuid: id(1),
          },
        },
        {
          type: 'cannot_merge_with_illegal_distinct_id',
          timestamp: iso(NOW - 2 * HOUR),
          details: {
            sourcePersonDistinctId: 'anonymous',
            targetPersonDistinctId: 'user-b',
            eventUuid: id(2),
          },
        },
      ],
      count: 2,
    });
    expect(timestamp).toEqual({
      type: 'ignored_invalid_timestamp',
      lastSeen: timestamp?.warnings[0]?.timestamp,
      warnings: [
        {
          type: 'ignored_invalid_timestamp',
          timestamp: expect.any(String),
          details: { eventUuid: id(4), field: 'timestamp', value: 'garbage' },
        },
      ],
      count: 1,
    });
    const seen = Date.parse(timestamp?.lastSeen ?? '');
    expect(seen).toBeGreaterThanOrEqual(received.from);
    expect(seen).toBeLessThanOrEqual(received.to);
  });

  it('searches warning types and details, with hostile text inert', async () => {
    const search = async (q: string) =>
      (
        await web.get<{ results: WarningSummary[] }>(
          `/api/projects/${projectId}/ingestion_warnings/?q=${encodeURIComponent(q)}`,
        )
      ).body.results;
    const userB = await search('user-b');
    expect(userB.map((s) => [s.type, s.count, s.warnings.length])).toEqual([
      ['cannot_merge_with_illegal_distinct_id', 1, 1],
    ]);
    expect((await search('GARBAGE')).map((s) => s.type)).toEqual(['ignored_invalid_timestamp']);
    expect((await search('illegal')).map((s) => s.type)).toEqual(['cannot_merge_with_illegal_distinct_id']);
    for (const q of [`' OR 1=1 --`, `\\'); DROP TABLE ingestion_warnings; --`, 'evil', 'x'.repeat(1000)]) {
      expect(await search(q), q).toEqual([]);
    }
    const tooLong = await web.get(`/api/projects/${projectId}/ingestion_warnings/?q=${'x'.repeat(1001)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ type: 'validation_error', attr: 'q' });
  });

  it('lists dead letters newest first with the reason and the event as captured', async () => {
    const res = await web.get<DeadLetterPage>(`/api/projects/${projectId}/dead_letters/`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 2, next: null, previous: null });
    const [newest, oldest] = res.body.results;
    expect(newest).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      event_uuid: id(6),
      event: 'y'.repeat(300),
      distinct_id: 'user-b',
      error_location: 'normalizeEventStep',
      error: 'Event name is longer than 200 characters.',
      raw: {
        uuid: id(6),
        event: 'y'.repeat(300),
        distinct_id: 'user-b',
        properties: {},
        timestamp: null,
        offset: null,
      },
      created_at: expect.any(String),
    });
    expect(oldest).toMatchObject({
      event_uuid: id(5),
      event: LONG_NAME,
      raw: { uuid: id(5), event: LONG_NAME, properties: { a: 1 }, timestamp: iso(NOW) },
    });
    for (const letter of [newest, oldest]) {
      const created = Date.parse(letter?.created_at ?? '');
      expect(created).toBeGreaterThanOrEqual(received.from);
      expect(created).toBeLessThanOrEqual(received.to);
    }
    expect(Date.parse(newest?.created_at ?? '')).toBeGreaterThan(Date.parse(oldest?.created_at ?? ''));

    const first = await web.get<DeadLetterPage>(`/api/projects/${projectId}/dead_letters/?limit=1`);
    expect(first.body.results.map((d) => d.event_uuid)).toEqual([id(6)]);
    expect(first.body.next).not.toBeNull();
    const next = new URL(first.body.next ?? '');
    const second = await web.get<DeadLetterPage>(`${next.pathname}${next.search}`);
    expect(second.body.results.map((d) => d.event_uuid)).toEqual([id(5)]);
    expect(second.body.next).toBeNull();
    expect(second.body.previous).not.toBeNull();

    const bad = await web.get(`/api/projects/${projectId}/dead_letters/?limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ attr: 'limit' });
  });

  it('never shows another project’s warnings or dead letters', async () => {
    const warnings = await outsider.get<{ results: WarningSummary[] }>(
      `/api/projects/${outsiderProjectId}/ingestion_warnings/`,
    );
    expect(warnings.body.results.map((s) => [s.type, s.count])).toEqual([
      ['cannot_merge_with_illegal_distinct_id', 1],
    ]);
    expect(warnings.body.results[0]?.warnings[0]?.details).toMatchObject({ targetPersonDistinctId: 'evil' });
    const letters = await outsider.get<DeadLetterPage>(`/api/projects/${outsiderProjectId}/dead_letters/`);
    expect(letters.body.results.map((d) => d.event_uuid)).toEqual([id(8)]);
    // And neither route opens the other organization's project.
    expect((await outsider.get(`/api/projects/${projectId}/ingestion_warnings/`)).status).toBe(404);
    expect((await outsider.get(`/api/projects/${projectId}/dead_letters/`)).status).toBe(404);
  });
});
