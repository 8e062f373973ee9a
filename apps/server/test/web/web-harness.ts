import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { ApiClient } from '../support/api-client';
import { launchChromium } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/test-server';
import { insightSeedEvents } from './insight-seed-events';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const EMAIL = 'grace@example.com';
export const PASSWORD = 'compiler-pioneer';

/**
 * A browser signed in to a real server whose project holds `insightSeedEvents` (ingested through
 * capture), for the web app's feature suites. Console errors and uncaught exceptions are collected;
 * screenshots go to test-results/web/<suite>/.
 */
export interface WebHarness {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  projectId: number;
  consoleErrors: string[];
  /** The same session as the browser, for asserting on the API. */
  api: ApiClient;
  /** Runs a query through the query API, as the page would. */
  query<R = unknown>(query: Record<string, unknown>): Promise<R>;
  screenshot(name: string, p?: Page): Promise<void>;
  close(): Promise<void>;
}

export async function startWebHarness(
  suite: string,
  options: { now?: Date; env?: Record<string, string> } = {},
): Promise<WebHarness> {
  const screenshotDir = path.join(repoRoot, 'test-results', 'web', suite);
  fs.mkdirSync(screenshotDir, { recursive: true });
  const server = await startTestServer({ webApp: true, ...(options.env ? { env: options.env } : {}) });
  const api = new ApiClient(server.url);
  const account = await api.signup(EMAIL, PASSWORD, 'Compilers Inc');
  const res = await fetch(`${server.url}/batch/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      api_key: account.team.api_token,
      batch: insightSeedEvents(options.now ?? new Date()),
    }),
  });
  expect(res.status).toBe(200);
  await server.container.ingestion.drained();

  const browser = await launchChromium();
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const host = new URL(server.url).hostname;
  await context.addCookies(
    [...api.cookies].map(([name, value]) => ({
      name,
      value,
      domain: host,
      path: '/',
      httpOnly: name !== 'csrftoken',
    })),
  );
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));

  return {
    server,
    browser,
    context,
    page,
    projectId: account.team.id,
    consoleErrors,
    api,
    async query<R>(query: Record<string, unknown>) {
      const answer = await api.post<{ results: R }>(`/api/projects/${account.team.id}/query/`, { query });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.results;
    },
    async screenshot(name, p = page) {
      // Let running transitions finish (one cancelled meanwhile is fine).
      await p.evaluate('Promise.allSettled(document.getAnimations().map((a) => a.finished))');
      await p.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser?.close();
      await server?.destroy();
    },
  };
}

/** The builder's URL for a query. */
export function insightUrl(query: Record<string, unknown>): string {
  return `/insights/new?${new URLSearchParams({ q: JSON.stringify(query) })}`;
}
