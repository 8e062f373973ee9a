import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ClickhouseHttpEventStore } from '../../src/event-store/clickhouse-http-event-store';
import { requiredService } from '../support/required-service';

/**
 * Transport tests against a real ClickHouse server. CI runs Debian's clickhouse-server (18.16), far
 * older than the SQL Hedgerow writes, so these check only the HTTP transport on tables of their own:
 * connecting, authenticating, inserting, selecting and mapping errors. SQL conformance runs on chDB.
 */
const url = process.env.HEDGEROW_TEST_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123';
const user = process.env.HEDGEROW_TEST_CLICKHOUSE_USER ?? 'default';
const password = process.env.HEDGEROW_TEST_CLICKHOUSE_PASSWORD ?? '';
const database = 'default';

const open = (overrides: Partial<ConstructorParameters<typeof ClickhouseHttpEventStore>[0]> = {}) =>
  new ClickhouseHttpEventStore({ url, username: user, password, database, cluster: null, ...overrides });

const probe = open();
const available = await requiredService('ClickHouse server', () => probe.ping());

describe.runIf(available)('ClickHouse HTTP transport', () => {
  const store = probe;
  const table = `hedgerow_transport_${randomUUID().replace(/-/g, '')}`;
  afterAll(async () => {
    await store.command({ sql: `DROP TABLE IF EXISTS ${database}.${table}` }).catch(() => {});
    await store.close();
  });

  it('connects and answers', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('creates a table, inserts a batch and reads typed rows back', async () => {
    await store.command({
      sql: `CREATE TABLE ${database}.${table} (id UInt64, name String, at DateTime) ENGINE = MergeTree ORDER BY id`,
    });
    await store.insert(table, [
      { id: 1, name: "o'hare", at: '2024-01-01 00:00:00' },
      { id: 2, name: 'ünïcødé', at: '2024-01-02 00:00:00' },
    ]);
    const result = await store.query<{ id: number; name: string; at: string }>({
      sql: `SELECT id, name, at FROM ${database}.${table} ORDER BY id`,
    });
    expect(result.rows).toEqual([
      { id: 1, name: "o'hare", at: '2024-01-01 00:00:00' },
      { id: 2, name: 'ünïcødé', at: '2024-01-02 00:00:00' },
    ]);
    expect(result.columns.map((c) => c.type)).toEqual(['UInt64', 'String', 'DateTime']);
  });

  it('maps a syntax error and an unknown table', async () => {
    await expect(store.query({ sql: 'SELEC 1' })).rejects.toMatchObject({
      kind: 'syntax',
      clickhouseCode: 62,
    });
    await expect(
      store.query({ sql: `SELECT * FROM ${database}.hedgerow_no_such_table` }),
    ).rejects.toMatchObject({
      kind: 'unknown_object',
      clickhouseCode: 60,
    });
  });

  it('reports wrong credentials as an authentication error', async () => {
    const wrong = open({ username: 'hedgerow_no_such_user', password: 'nope' });
    await expect(wrong.ping()).rejects.toMatchObject({ kind: 'authentication' });
    await wrong.close();
  });

  it('reports an unreachable server as unavailable', async () => {
    const down = open({ url: 'http://127.0.0.1:1', requestTimeoutMs: 2000 });
    await expect(down.ping()).rejects.toMatchObject({ kind: 'unavailable' });
    await down.close();
  });
});
