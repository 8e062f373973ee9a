import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/cli/start-command';
import { loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/runtime/logger';
import { runHedgerow, spawnServer, waitForHealthy } from '../support/hedgerow-process';
import { startLoad } from '../support/load-generator';

/** Starts a server in this process on an existing data dir (optionally with other settings). */
async function openInProcess(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ HEDGEROW_DATA_DIR: dataDir, PORT: '0', HEDGEROW_LOG_LEVEL: 'silent', ...env });
  return startServer(config, createLogger('silent'), { webDist: null, print: () => {} });
}

async function storedUuids(server: RunningServer): Promise<{ total: number; distinct: Set<string> }> {
  await server.container.ingestion.drained(60_000);
  const store = server.container.eventStore;
  const rows = await store.query<{ uuid: string }>({
    sql: `SELECT toString(uuid) AS uuid FROM ${store.database}.events`,
  });
  return { total: rows.rows.length, distinct: new Set(rows.rows.map((r) => r.uuid)) };
}

describe('durability', () => {
  let dataDir: string;
  let token: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-durability-'));
    const boot = await runHedgerow(
      ['bootstrap', '--email', 'load@example.com', '--password', 'load-password', '--json'],
      { HEDGEROW_DATA_DIR: dataDir },
    );
    token = JSON.parse(boot.stdout).project_api_key;
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged event and duplicates none when the process is SIGKILLed under load, twice', async () => {
    const acknowledged = new Set<string>();
    for (let round = 0; round < 2; round++) {
      const child = await spawnServer({ HEDGEROW_DATA_DIR: dataDir });
      await waitForHealthy(child);
      const load = startLoad(child.url, token, { concurrency: 6 });
      await new Promise((r) => setTimeout(r, 1500 + round * 700));
      child.child.kill('SIGKILL');
      await child.exited;
      const result = await load.stop();
      expect(result.statuses.get(200) ?? 0, `round ${round}`).toBeGreaterThan(10);
      for (const u of result.acknowledged) acknowledged.add(u);
    }
    const server = await openInProcess(dataDir);
    try {
      const { total, distinct } = await storedUuids(server);
      const missing = [...acknowledged].filter((u) => !distinct.has(u));
      expect(missing).toEqual([]);
      expect(total).toBe(distinct.size);
    } finally {
      await server.stop();
    }
  });

  it('keeps accepting while the event store is down, answers 503 once the spool is full, and ingests it all later', async () => {
    const downDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-down-'));
    try {
      const boot = await runHedgerow(
        ['bootstrap', '--email', 'down@example.com', '--password', 'down-password', '--json'],
        { HEDGEROW_DATA_DIR: downDir },
      );
      const downToken = JSON.parse(boot.stdout).project_api_key as string;
      const down = await openInProcess(downDir, {
        HEDGEROW_CLICKHOUSE_URL: 'http://127.0.0.1:1',
        HEDGEROW_SPOOL_MAX_BYTES: String(1024 * 1024),
      });
      const load = startLoad(down.url, downToken, { concurrency: 4 });
      const deadline = Date.now() + 30_000;
      while ((load.result.statuses.get(503) ?? 0) < 5 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const result = await load.stop();
      await down.stop();
      expect(result.statuses.get(200) ?? 0).toBeGreaterThan(5);
      expect(result.statuses.get(503) ?? 0).toBeGreaterThanOrEqual(5);
      expect([...result.statuses.keys()].every((s) => s === 200 || s === 503)).toBe(true);
      // Every refusal says why, in PostHog's shape, so SDKs retry it.
      expect([...result.errorCodes.keys()]).toEqual(['service_unavailable']);

      // The store is back (here: the embedded one): everything acknowledged gets in.
      const up = await openInProcess(downDir);
      try {
        const { total, distinct } = await storedUuids(up);
        expect([...result.acknowledged].filter((u) => !distinct.has(u))).toEqual([]);
        expect(total).toBe(distinct.size);
        expect(total).toBe(result.acknowledged.size);
      } finally {
        await up.stop();
      }
    } finally {
      fs.rmSync(downDir, { recursive: true, force: true });
    }
  });
});
