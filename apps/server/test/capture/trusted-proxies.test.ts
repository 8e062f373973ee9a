import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * `$ip` comes from the connection unless HEDGEROW_TRUSTED_PROXIES says which `X-Forwarded-For` hops to
 * believe: never by default (a client could claim any address), a number of hops, or the proxies'
 * addresses and CIDR ranges. The test connects from 127.0.0.1 through a chain of two claimed hops.
 */
const FORWARDED = '203.0.113.7, 198.51.100.2';

describe('trusted proxies and $ip', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.destroy();
    server = null;
  });

  async function ipSeen(trusted: string | null): Promise<unknown> {
    server = await startTestServer(trusted === null ? {} : { env: { HEDGEROW_TRUSTED_PROXIES: trusted } });
    const { team } = await new ApiClient(server.url).signup('proxy@example.com');
    const res = await fetch(`${server.url}/e/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': FORWARDED },
      body: JSON.stringify({ api_key: team.api_token, event: 'proxied', distinct_id: 'p1' }),
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();
    const store = server.container.eventStore;
    const rows = await store.query<{ properties: string }>({
      sql: `SELECT properties FROM ${store.database}.events WHERE team_id = {team:Int64}`,
      params: { team: team.id },
    });
    expect(rows.rows).toHaveLength(1);
    return (JSON.parse(rows.rows[0]?.properties ?? '{}') as { $ip?: unknown }).$ip;
  }

  it('ignores X-Forwarded-For by default', async () => {
    expect(await ipSeen(null)).toBe('127.0.0.1');
  });

  it('believes as many hops as configured', async () => {
    expect(await ipSeen('1')).toBe('198.51.100.2');
    await server?.destroy();
    expect(await ipSeen('2')).toBe('203.0.113.7');
  });

  it('believes the listed proxies and ranges, and stops at the first address it does not trust', async () => {
    expect(await ipSeen('127.0.0.0/8')).toBe('198.51.100.2');
    await server?.destroy();
    expect(await ipSeen('127.0.0.1, 198.51.100.0/24')).toBe('203.0.113.7');
  });

  it('believes every hop when set to true', async () => {
    expect(await ipSeen('true')).toBe('203.0.113.7');
  });
});
