import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HedgerowServerProcess,
  runHedgerow,
  spawnServer,
  waitForHealthy,
} from '../support/hedgerow-process';

/**
 * SIGTERM while a capture request is still arriving: the server stops taking new connections but
 * finishes the request (a 200, so the SDK will not resend), flushes, exits 0; the next start on the same
 * data dir has every acknowledged event, none twice.
 */
describe('graceful shutdown', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: HedgerowServerProcess | null = null;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-shutdown-'));
    env = { HEDGEROW_DATA_DIR: dataDir };
  });
  afterAll(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** POSTs `body` in two halves, calling `between` after the first; resolves with the status and body. */
  function slowPost(url: string, body: string, between: () => Promise<void>) {
    return new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      const half = Math.floor(body.length / 2);
      req.write(body.slice(0, half));
      void between().then(() => req.end(body.slice(half)), reject);
    });
  }

  it('finishes a request in flight at SIGTERM and keeps its events', async () => {
    server = await spawnServer(env);
    await waitForHealthy(server);
    const boot = await runHedgerow(
      ['bootstrap', '--email', 'stop@example.com', '--password', 'stop-password', '--json'],
      env,
    );
    expect(boot.code).toBe(0);
    const keys = JSON.parse(boot.stdout) as {
      project_id: number;
      project_api_key: string;
      personal_api_key: string;
    };

    const uuids = Array.from(
      { length: 200 },
      (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    );
    const body = JSON.stringify({
      api_key: keys.project_api_key,
      batch: uuids.map((uuid, i) => ({
        event: 'in flight',
        distinct_id: `u${i % 7}`,
        uuid,
        properties: { i },
      })),
    });
    const running = server;
    const answer = await slowPost(`${running.url}/batch/`, body, async () => {
      await new Promise((r) => setTimeout(r, 300));
      running.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
    });
    expect(answer).toEqual({ status: 200, text: JSON.stringify({ status: 'Ok' }) });
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('Hedgerow stopped.');

    server = await spawnServer(env);
    await waitForHealthy(server);
    const count = async () => {
      const res = await fetch(`${server?.url}/api/projects/${keys.project_id}/query/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.personal_api_key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          refresh: true,
          query: {
            kind: 'EventsQuery',
            select: ['count()', 'count(distinct uuid)'],
            event: 'in flight',
            after: 'all',
          },
        }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { results: number[][] }).results[0];
    };
    const deadline = Date.now() + 30_000;
    let seen = await count();
    while (seen?.[0] !== uuids.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await count();
    }
    expect(seen).toEqual([uuids.length, uuids.length]);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    server = null;
  });
});
