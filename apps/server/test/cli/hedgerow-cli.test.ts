import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HedgerowServerProcess,
  runHedgerow,
  spawnServer,
  waitForHealthy,
} from '../support/hedgerow-process';

describe('hedgerow CLI', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let server: HedgerowServerProcess | null = null;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-cli-'));
    env = { HEDGEROW_DATA_DIR: dataDir };
  });
  afterAll(() => {
    server?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints usage, and refuses unknown commands and bad options with exit code 2', async () => {
    const help = await runHedgerow(['help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('bootstrap');
    const unknown = await runHedgerow(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
    const missing = await runHedgerow(['bootstrap', '--email', 'a@b.co'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--password');
    const badConfig = await runHedgerow(['migrate'], { ...env, PORT: 'eighty' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toContain('PORT');
  });

  it('bootstraps without a server, and reuses the account when run again with a fresh key', async () => {
    const args = ['bootstrap', '--email', 'ops@example.com', '--password', 'ops-password-1', '--json'];
    const first = await runHedgerow([...args, '--organization', 'Ops', '--project', 'Backend'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(Object.keys(a).sort()).toEqual([
      'organization_id',
      'personal_api_key',
      'project_api_key',
      'project_id',
    ]);
    expect(a.project_api_key).toMatch(/^phc_/);
    expect(a.personal_api_key).toMatch(/^phx_/);

    const again = JSON.parse(
      (await runHedgerow([...args, '--organization', 'Ops', '--project', 'Backend'], env)).stdout,
    );
    expect(again.organization_id).toBe(a.organization_id);
    expect(again.project_id).toBe(a.project_id);
    expect(again.project_api_key).toBe(a.project_api_key);
    expect(again.personal_api_key).not.toBe(a.personal_api_key);

    const wrong = await runHedgerow(
      ['bootstrap', '--email', 'ops@example.com', '--password', 'not-the-password'],
      env,
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('password does not match');
  });

  it('starts, prints how to reach it, and accepts bootstrap while running', async () => {
    server = await spawnServer(env);
    await waitForHealthy(server);
    const out = server.output();
    expect(out).toContain(`is running at ${server.url}`);
    expect(out).toMatch(/event store\s+chDB/);
    expect(out).toMatch(/app store\s+SQLite/);
    expect(out).toContain('Sign in');

    const health = await (await fetch(`${server.url}/_health`)).json();
    expect(health).toMatchObject({
      status: 'ok',
      stores: { app_store: { status: 'ok' }, event_store: { status: 'ok' } },
    });

    const run = await runHedgerow(
      [
        'bootstrap',
        '--email',
        'live@example.com',
        '--password',
        'live-password',
        '--project',
        'Live',
        '--json',
      ],
      env,
    );
    expect(run.code).toBe(0);
    const keys = JSON.parse(run.stdout);
    const res = await fetch(`${server.url}/api/projects/${keys.project_id}/`, {
      headers: { authorization: `Bearer ${keys.personal_api_key}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: keys.project_id,
      name: 'Live',
      api_token: keys.project_api_key,
    });
  });

  it('refuses a second server on the same data dir with a clear message', async () => {
    const second = await spawnServer(env);
    const code = await second.exited;
    expect(code).toBe(1);
    expect(second.output()).toMatch(
      /Another Hedgerow process \(pid \d+\) is already using the data directory/,
    );
    // The first one is unharmed.
    expect((await fetch(`${server?.url}/_health`)).status).toBe(200);
  });

  it('shuts down gracefully on SIGTERM and can start again on the same data', async () => {
    const running = server;
    if (!running) throw new Error('server not started');
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('Hedgerow stopped.');
    expect(fs.existsSync(path.join(dataDir, 'hedgerow.pid'))).toBe(false);

    server = await spawnServer(env);
    await waitForHealthy(server);
    expect(server.output()).toContain('Sign in at');
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    server = null;
  });
});
