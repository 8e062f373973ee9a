import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { postgresAvailable } from '../support/postgres-database';
import { type AppStoreKind, startTestServer, type TestServer } from '../support/test-server';

const stores: AppStoreKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}
interface PropertyDefinition {
  name: string;
  property_type: string | null;
  is_numerical: boolean;
  is_seen_on_filtered_events: boolean | null;
}

/**
 * Events captured over HTTP come out of ingestion with browser and GeoIP properties (the real DB-IP
 * database), persons get `$geoip_*` and `$initial_geoip_*`, and the definitions APIs list what was seen.
 */
describe.each(stores)('capture enrichment and definitions on %s', (appStore) => {
  let server: TestServer;
  let api: ApiClient;
  let token: string;
  let teamId: number;

  beforeAll(async () => {
    server = await startTestServer({ appStore });
    api = new ApiClient(server.url);
    const account = await api.signup('enrich@example.com');
    token = account.team.api_token;
    teamId = account.team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  async function capture(batch: Record<string, unknown>[], userAgent = MAC_CHROME) {
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ api_key: token, batch }),
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();
  }

  async function propertiesOf(event: string): Promise<Record<string, unknown>> {
    const store = server.container.eventStore;
    const r = await store.query<{ properties: string }>({
      sql: `SELECT properties FROM ${store.database}.events WHERE team_id = {team:Int64} AND event = {event:String}`,
      params: { team: teamId, event },
    });
    expect(r.rows).toHaveLength(1);
    return JSON.parse(r.rows[0]?.properties ?? '{}') as Record<string, unknown>;
  }

  it('adds browser properties from the user agent, but not to server SDK events', async () => {
    await capture([
      { event: 'from browser', distinct_id: 'ua-1', properties: {} },
      { event: 'raw agent', distinct_id: 'ua-1', properties: { $raw_user_agent: IPHONE_SAFARI } },
      { event: 'from node', distinct_id: 'ua-1', properties: { $lib: 'posthog-node', $is_server: true } },
    ]);
    expect(await propertiesOf('from browser')).toMatchObject({
      $browser: 'Chrome',
      $browser_version: 124,
      $os: 'Mac OS X',
      $os_version: '10.15.7',
      $device_type: 'Desktop',
    });
    expect(await propertiesOf('raw agent')).toMatchObject({
      $browser: 'Mobile Safari',
      $os: 'iOS',
      $device_type: 'Mobile',
    });
    expect(await propertiesOf('from node')).not.toHaveProperty('$browser');
    await capture([{ event: 'node agent', distinct_id: 'ua-1', properties: {} }], 'posthog-node/5.70.0');
    expect(await propertiesOf('node agent')).not.toHaveProperty('$browser');
  });

  it('locates public addresses, sets person $geoip_* and $initial_geoip_*, and skips loopback and $geoip_disable', async () => {
    await capture([
      { event: 'located', distinct_id: 'geo-1', properties: { $ip: '8.8.8.8', $set: { plan: 'pro' } } },
      { event: 'loopback', distinct_id: 'geo-1', properties: {} },
      { event: 'geo disabled', distinct_id: 'geo-1', properties: { $ip: '8.8.8.8', $geoip_disable: true } },
    ]);
    const located = await propertiesOf('located');
    expect(located).toMatchObject({
      $ip: '8.8.8.8',
      $geoip_country_code: 'US',
      $geoip_country_name: 'United States',
      $geoip_continent_code: 'NA',
      $geoip_continent_name: 'North America',
      $geoip_latitude: expect.any(Number),
      $geoip_longitude: expect.any(Number),
      $set: { plan: 'pro', $geoip_country_code: 'US' },
      $set_once: { $initial_geoip_country_code: 'US' },
    });
    expect(typeof located.$geoip_city_name).toBe('string');
    const loopback = await propertiesOf('loopback');
    expect(loopback.$ip).toBe('127.0.0.1');
    expect(Object.keys(loopback).filter((k) => k.startsWith('$geoip'))).toEqual([]);
    expect(await propertiesOf('geo disabled')).not.toHaveProperty('$geoip_country_code');

    const persons = await api.get<Page<{ properties: Record<string, unknown> }>>(
      `/api/projects/${teamId}/persons/?distinct_id=geo-1`,
    );
    expect(persons.body.results[0]?.properties).toMatchObject({
      plan: 'pro',
      $geoip_country_code: 'US',
      $initial_geoip_country_code: 'US',
      $initial_geoip_continent_name: 'North America',
    });
  });

  it('adds no GeoIP properties for a project that switched GeoIP off', async () => {
    expect((await api.patch(`/api/projects/${teamId}/`, { geoip_enabled: false })).status).toBe(200);
    await capture([{ event: 'geo off', distinct_id: 'geo-2', properties: { $ip: '8.8.8.8' } }]);
    const properties = await propertiesOf('geo off');
    expect(Object.keys(properties).filter((k) => k.includes('geoip'))).toEqual([]);
    expect((await api.patch(`/api/projects/${teamId}/`, { geoip_enabled: true })).status).toBe(200);
  });

  it('lists event definitions with search and pagination', async () => {
    await capture([
      { event: 'Checkout Started', distinct_id: 'd-1', properties: { cart_value: 42.5, coupon: 'SAVE' } },
      { event: 'checkout completed', distinct_id: 'd-1', properties: { cart_value: 40, paid: true } },
      {
        event: '$groupidentify',
        distinct_id: 'd-1',
        properties: { $group_type: 'company', $group_key: 'acme', $group_set: { seats: 12, name: 'Acme' } },
      },
    ]);
    const all = await api.get<Page<{ name: string; last_seen_at: string }>>(
      `/api/projects/${teamId}/event_definitions/`,
    );
    expect(all.status).toBe(200);
    expect(all.body.results.map((e) => e.name)).toEqual(
      expect.arrayContaining([
        'Checkout Started',
        'checkout completed',
        'from browser',
        'located',
        '$groupidentify',
      ]),
    );
    const search = await api.get<Page<{ name: string }>>(
      `/api/projects/${teamId}/event_definitions/?search=CHECKOUT`,
    );
    expect(search.body.results.map((e) => e.name).sort()).toEqual(['Checkout Started', 'checkout completed']);

    const first = await api.get<Page<{ name: string }>>(
      `/api/projects/${teamId}/event_definitions/?search=checkout&limit=1`,
    );
    expect(first.body.count).toBe(2);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(
      `${server.url}/api/projects/${teamId}/event_definitions/?search=checkout&limit=1&offset=1`,
    );
    const next = new URL(first.body.next ?? '');
    const second = await api.get<Page<{ name: string }>>(next.pathname + next.search);
    expect(second.body.results).toHaveLength(1);
    expect(second.body.results[0]?.name).not.toBe(first.body.results[0]?.name);
    expect(second.body.next).toBeNull();
  });

  it('lists event, person and group property definitions with types, filtered by the events they were seen on', async () => {
    const list = async (query: string) =>
      (await api.get<Page<PropertyDefinition>>(`/api/projects/${teamId}/property_definitions/?${query}`))
        .body;

    const events = await list('type=event&limit=1000');
    const byName = new Map(events.results.map((p) => [p.name, p]));
    expect(byName.get('cart_value')).toMatchObject({ property_type: 'Numeric', is_numerical: true });
    expect(byName.get('paid')).toMatchObject({ property_type: 'Boolean' });
    expect(byName.get('$browser')).toMatchObject({ property_type: 'String' });
    expect(byName.get('$geoip_latitude')).toMatchObject({ property_type: 'Numeric' });
    expect(byName.has('$set')).toBe(false);
    expect(byName.get('coupon')?.is_seen_on_filtered_events).toBeNull();

    const names = encodeURIComponent(JSON.stringify(['checkout completed']));
    const seen = await list(`event_names=${names}&filter_by_event_names=true`);
    expect(seen.results.map((p) => p.name)).toEqual(expect.arrayContaining(['cart_value', 'paid']));
    expect(seen.results.map((p) => p.name)).not.toContain('coupon');
    const flagged = await list(`event_names=${names}&properties=coupon,cart_value`);
    // Seen properties first, then by name.
    expect(flagged.results.map((p) => [p.name, p.is_seen_on_filtered_events])).toEqual([
      ['cart_value', true],
      ['coupon', false],
    ]);

    const person = await list('type=person&search=geoip_country');
    expect(person.results.map((p) => p.name)).toEqual([
      '$geoip_country_code',
      '$geoip_country_name',
      '$initial_geoip_country_code',
      '$initial_geoip_country_name',
    ]);
    const group = await list('type=group&group_type_index=0');
    expect(group.results.map((p) => [p.name, p.property_type])).toEqual([
      ['name', 'String'],
      ['seats', 'Numeric'],
    ]);
  });

  it("refuses PostHog's invalid combinations with 400", async () => {
    for (const query of [
      'type=group',
      'type=person&group_type_index=0',
      `type=person&event_names=${encodeURIComponent('["x"]')}`,
      'event_names=notjson',
      'type=cohort',
    ]) {
      const res = await api.get(`/api/projects/${teamId}/property_definitions/?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.type).toBe('validation_error');
    }
  });
});
