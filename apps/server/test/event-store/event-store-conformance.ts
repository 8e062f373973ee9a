import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { EventStore } from '../../src/event-store/event-store';
import { migrateEventStore } from '../../src/event-store/migrate-event-store';

/**
 * Behaviour every event store adapter that runs current ClickHouse SQL must have. Runs on chDB in every
 * `npm test`; pass another adapter to run it elsewhere.
 */
export function eventStoreConformance(getStore: () => EventStore): void {
  const event = (teamId: number, name: string, extra: Record<string, unknown> = {}) => ({
    uuid: randomUUID(),
    team_id: teamId,
    event: name,
    distinct_id: 'user-1',
    person_id: randomUUID(),
    timestamp: '2024-03-01 12:00:00.123456',
    properties: JSON.stringify({ $browser: 'Firefox' }),
    elements_chain: '',
    created_at: '2024-03-01 12:00:01.000000',
    $session_id: '',
    $window_id: '',
    ...extra,
  });

  it('creates the schema on first migration and does nothing on the second', async () => {
    const store = getStore();
    const first = await migrateEventStore(store);
    expect(first.applied).toEqual(['0001-core-tables', '0002-ingestion-diagnostics', '0003-cohort-people']);
    const second = await migrateEventStore(store);
    expect(second.applied).toEqual([]);
    const tables = await store.query<{ name: string }>({
      sql: 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
      params: { db: store.database },
    });
    expect(tables.rows.map((r) => r.name)).toEqual([
      'cohort_people',
      'events',
      'groups',
      'hedgerow_schema_migrations',
      'ingestion_dead_letters',
      'ingestion_warnings',
      'person_distinct_ids',
      'persons',
    ]);
  });

  it('inserts a batch and returns typed rows scoped by bound parameters', async () => {
    const store = getStore();
    await store.insert('events', [event(1, '$pageview'), event(1, 'signup'), event(2, '$pageview')]);
    const result = await store.query<{ event: string; n: number; first: string }>({
      sql: `SELECT event, count() AS n, min(timestamp) AS first FROM ${store.database}.events
            WHERE team_id = {team:Int64} GROUP BY event ORDER BY event`,
      params: { team: 1 },
    });
    expect(result.rows).toEqual([
      { event: '$pageview', n: 1, first: '2024-03-01 12:00:00.123456' },
      { event: 'signup', n: 1, first: '2024-03-01 12:00:00.123456' },
    ]);
    expect(typeof result.rows[0]?.n).toBe('number');
    expect(result.columns).toEqual([
      { name: 'event', type: 'String' },
      { name: 'n', type: 'UInt64' },
      { name: 'first', type: "DateTime64(6, 'UTC')" },
    ]);
    expect(result.statistics.rowsRead).toBeGreaterThan(0);
  });

  it('binds arrays, dates and hostile strings without them ever becoming SQL', async () => {
    const store = getStore();
    const hostile = ["'; DROP TABLE events; --", 'back\\slash', 'ünïcødé 🦔', 'x'.repeat(10_000)];
    const result = await store.query<{ values: string[]; at: string; n: number }>({
      sql: "SELECT {values:Array(String)} AS values, {at:DateTime64(6, 'UTC')} AS at, {n:Int64} AS n",
      params: { values: hostile, at: new Date('2024-01-02T03:04:05.678Z'), n: 42 },
    });
    expect(result.rows).toEqual([{ values: hostile, at: '2024-01-02 03:04:05.678000', n: 42 }]);
    const stillThere = await store.query({ sql: `SELECT count() AS c FROM ${store.database}.events` });
    expect(stillThere.rows[0]).toBeDefined();
  });

  it('drops a re-inserted batch that carries the same deduplication token', async () => {
    const store = getStore();
    const batch = [event(7, 'replayed'), event(7, 'replayed')];
    await store.insert('events', batch, { deduplicationToken: 'spool-segment-1:0-2' });
    await store.insert('events', batch, { deduplicationToken: 'spool-segment-1:0-2' });
    const result = await store.query<{ c: number }>({
      sql: `SELECT count() AS c FROM ${store.database}.events WHERE team_id = {team:Int64}`,
      params: { team: 7 },
    });
    expect(result.rows[0]?.c).toBe(2);
  });

  it('inserts encoded rows: a JSON object for a String column is stored as its text, a token drops repeats', async () => {
    const store = getStore();
    const properties = { $browser: 'Firefox', quote: 'a"b\\c', nested: { list: [1, 2.5, null] }, é: '😀' };
    const uuid = randomUUID();
    const line = JSON.stringify({ ...event(8, 'encoded'), uuid }).replace(
      JSON.stringify(JSON.stringify({ $browser: 'Firefox' })),
      JSON.stringify(properties),
    );
    const rows = { data: Buffer.from(`${line}\n`), rows: 1, objectsAsStrings: true };
    await store.insertEncoded('events', rows, { deduplicationToken: 'encoded-1' });
    await store.insertEncoded('events', rows, { deduplicationToken: 'encoded-1' });
    const result = await store.query<{ properties: string; uuid: string }>({
      sql: `SELECT toString(uuid) AS uuid, properties FROM ${store.database}.events WHERE team_id = {team:Int64}`,
      params: { team: 8 },
    });
    expect(result.rows).toEqual([{ uuid, properties: JSON.stringify(properties) }]);
  });

  it('runs commands, including parameterised mutations', async () => {
    const store = getStore();
    await store.insert('persons', [
      {
        id: randomUUID(),
        team_id: 3,
        properties: '{}',
        is_identified: 0,
        created_at: '2024-01-01 00:00:00.000',
        version: 1,
      },
    ]);
    await store.command(
      {
        sql: `ALTER TABLE ${store.database}.persons DELETE WHERE team_id = {team:Int64}`,
        params: { team: 3 },
        // Mutations are asynchronous unless asked to wait.
      },
      { settings: { mutations_sync: 1 } },
    );
    const left = await store.query<{ c: number }>({
      sql: `SELECT count() AS c FROM ${store.database}.persons WHERE team_id = 3`,
    });
    expect(left.rows[0]?.c).toBe(0);
  });

  it('maps engine errors to kinds', async () => {
    const store = getStore();
    await expect(store.query({ sql: 'SELEC 1' })).rejects.toMatchObject({
      kind: 'syntax',
      clickhouseCode: 62,
    });
    await expect(store.query({ sql: 'SELECT * FROM hedgerow_nope.nope' })).rejects.toMatchObject({
      kind: 'unknown_object',
    });
    await expect(
      store.query({ sql: 'SELECT count() FROM numbers(1000000000000)' }, { timeoutMs: 500 }),
    ).rejects.toMatchObject({ kind: 'timeout' });
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
