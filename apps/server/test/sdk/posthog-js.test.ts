import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { chromiumAvailable, DESKTOP_CHROME_UA, launchChromium } from '../support/chromium';
import { eventsWithPersons } from '../support/person-view';
import { startTestServer, type TestServer } from '../support/test-server';

const available = await chromiumAvailable();

/** A customer's site on its own origin, loading posthog-js from the Hedgerow server. */
function startSite(hedgerowUrl: string, token: string): Promise<http.Server> {
  const page = `<!doctype html><html><head><title>Shop</title>
<script src="${hedgerowUrl}/static/array.full.js"></script>
<script>
  posthog.init(${JSON.stringify(token)}, {
    api_host: ${JSON.stringify(hedgerowUrl)},
    person_profiles: 'identified_only',
    request_batching: false,
  });
</script></head>
<body><h1>Shop</h1><button id="buy" class="cta primary">Buy now</button></body></html>`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.runIf(available)('the real posthog-js in Chromium', () => {
  let server: TestServer;
  let site: http.Server;
  let browser: Browser;
  let teamId: number;
  let api: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    api = new ApiClient(server.url);
    const account = await api.signup('js-sdk@example.com');
    teamId = account.team.id;
    site = await startSite(server.url, account.team.api_token);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    site?.close();
    await server?.destroy();
  });

  async function waitForEvents(predicate: (rows: Awaited<ReturnType<typeof eventsWithPersons>>) => boolean) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      await server.container.ingestion.drained();
      const rows = await eventsWithPersons(server.container.eventStore, teamId);
      if (predicate(rows)) return rows;
      if (Date.now() > deadline)
        throw new Error(`events never arrived: ${JSON.stringify(rows.map((r) => r.event))}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  it('sends pageviews and autocapture, identifies, and keeps the identity across a reload', async () => {
    const context = await browser.newContext({ userAgent: DESKTOP_CHROME_UA });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;

    await page.goto(siteUrl);
    await waitForEvents((rows) => rows.some((r) => r.event === '$pageview'));
    // Autocapture turns on once posthog-js has read the remote config from /array/<token>/config.js.
    await page.waitForFunction(() => {
      const ph = (globalThis as unknown as { posthog?: { autocapture?: { isEnabled?: boolean } } }).posthog;
      return ph?.autocapture?.isEnabled === true;
    });
    await page.click('#buy');
    await page.evaluate(() => {
      (
        globalThis as unknown as { posthog: { identify: (id: string, set: object) => void } }
      ).posthog.identify('user-js', {
        email: 'js@example.com',
      });
    });
    await waitForEvents(
      (rows) => rows.some((r) => r.event === '$identify') && rows.some((r) => r.event === '$autocapture'),
    );
    await page.reload();
    const rows = await waitForEvents((rows) => rows.filter((r) => r.event === '$pageview').length >= 2);

    const pageviews = rows.filter((r) => r.event === '$pageview');
    expect(pageviews.at(-1)?.distinct_id).toBe('user-js');
    const person = rows.find((r) => r.event === '$identify')?.person_id;
    // The anonymous pageview and click (sent without a person profile) join the identified person.
    for (const r of rows) expect(r.person_id, r.event).toBe(person);
    expect(rows.find((r) => r.event === '$identify')?.person_properties).toMatchObject({
      email: 'js@example.com',
    });

    const store = server.container.eventStore;
    const click = await store.query<{ elements_chain: string; props: string }>({
      sql: `SELECT elements_chain, properties AS props FROM ${store.database}.events
            WHERE team_id = {t:Int64} AND event = '$autocapture'`,
      params: { t: teamId },
    });
    expect(click.rows[0]?.elements_chain).toMatch(/^button.*cta.*primary/);
    expect(click.rows[0]?.elements_chain).toContain('Buy now');
    expect(JSON.parse(click.rows[0]?.props ?? '{}')).toMatchObject({
      $event_type: 'click',
      $browser: 'Chrome',
    });
    // The query API sees the same: every event on the identified person, who has the email.
    const seen = await api.post<{ results: [string, string, string | null][] }>(
      `/api/projects/${teamId}/query/`,
      {
        query: {
          kind: 'EventsQuery',
          select: ['event', 'person_id', 'person.properties.email'],
          after: '-1d',
        },
      },
    );
    expect(seen.status).toBe(200);
    expect(new Set(seen.body.results.map((r) => r[1]))).toEqual(new Set([person]));
    expect(new Set(seen.body.results.map((r) => r[2]))).toEqual(new Set(['js@example.com']));
    expect(seen.body.results.map((r) => r[0])).toEqual(
      expect.arrayContaining(['$pageview', '$autocapture', '$identify']),
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
