import { afterEach, describe, expect, it } from 'vitest';
import { postgresAvailable } from '../support/postgres-database';
import { startTestServer, type TestServer } from '../support/test-server';

const withPostgres = await postgresAvailable();

describe('GET /_health', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.destroy();
    server = null;
  });

  it('answers 200 with each store once both answer', async () => {
    server = await startTestServer();
    const res = await fetch(`${server.url}/_health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      stores: { app_store: { status: 'ok', kind: 'sqlite' }, event_store: { status: 'ok', kind: 'chdb' } },
    });
  });

  it('says how much accepted data is not yet queryable: nothing once ingestion caught up', async () => {
    server = await startTestServer();
    await server.container.ingestion.drained();
    const body = (await (await fetch(`${server.url}/_health`)).json()) as { ingestion: unknown };
    expect(body.ingestion).toEqual({ pending_bytes: 0, lag_ms: 0 });
  });

  it('reports the spooled backlog and its age while the event store is down', async () => {
    server = await startTestServer({ env: { HEDGEROW_CLICKHOUSE_URL: 'http://127.0.0.1:1' } });
    await server.container.spool.append(Buffer.from('{"v":1,"projectId":1,"events":[]}'));
    await new Promise((r) => setTimeout(r, 30));
    const body = (await (await fetch(`${server.url}/_health`)).json()) as {
      ingestion: { pending_bytes: number; lag_ms: number };
    };
    expect(body.ingestion.pending_bytes).toBeGreaterThan(0);
    expect(body.ingestion.lag_ms).toBeGreaterThanOrEqual(30);
  });

  it('answers 503 naming the event store while ClickHouse is unreachable, and the API keeps working', async () => {
    server = await startTestServer({ env: { HEDGEROW_CLICKHOUSE_URL: 'http://127.0.0.1:1' } });
    const res = await fetch(`${server.url}/_health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { stores: Record<string, { status: string; error?: string }> };
    expect(body).toMatchObject({ status: 'unavailable', failing: ['event_store'] });
    expect(body.stores.event_store?.error).toMatch(/unreachable/i);
    expect(body.stores.app_store?.status).toBe('ok');
    const signup = await fetch(`${server.url}/api/signup/`);
    expect(signup.status).toBe(200);
  });

  it.runIf(withPostgres)('answers 503 naming the app store when Postgres stops answering', async () => {
    server = await startTestServer({ appStore: 'postgres' });
    expect((await fetch(`${server.url}/_health`)).status).toBe(200);
    const url = new URL(
      server.container.config.appStore.kind === 'postgres' ? server.container.config.appStore.url : '',
    );
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: url.toString().replace(url.pathname, '/postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE ${url.pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
    const res = await fetch(`${server.url}/_health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      failing: ['app_store'],
      stores: { event_store: { status: 'ok' } },
    });
  });
});
