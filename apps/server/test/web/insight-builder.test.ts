import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/chromium';
import { insightUrl, startWebHarness, type WebHarness } from './web-harness';

/**
 * The insight builder in Chromium against a real server holding `insightSeedEvents`: each kind is
 * built through the editor, and what the page shows is compared with the query API's answer to the
 * query in the page's URL. Screenshots go to test-results/web/insights/.
 */
const available = await chromiumAvailable();

interface TrendsRow {
  label: string;
  count: number;
  breakdown_value?: string;
  aggregated_value?: number;
}

describe.runIf(available)('insight builder in Chromium', () => {
  let h: WebHarness;
  const urlQuery = () =>
    JSON.parse(new URL(h.page.url()).searchParams.get('q') ?? 'null') as Record<string, unknown>;
  const choose = async (label: string, option: string | RegExp) => {
    await h.page.getByRole('combobox', { name: label, exact: true }).click();
    await h.page.getByRole('option', { name: option }).first().click();
  };

  beforeAll(async () => {
    h = await startWebHarness('insights');
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('trends', () => {
    it('builds signups by browser over 14 days, and the table matches the query API', async () => {
      const { page } = h;
      await page.goto('/insights/new');
      await page.getByRole('tab', { name: 'Trends' }).waitFor();
      await choose('Series A event', 'signup');
      await choose('Date range', 'Last 14 days');
      await page.getByRole('button', { name: 'Add breakdown' }).click();
      await page.getByRole('option', { name: '$browser' }).first().click();
      await page.getByTestId('trends-row').nth(2).waitFor();

      const query = urlQuery();
      expect(query).toMatchObject({
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: 'signup' }],
        dateRange: { date_from: '-14d' },
        breakdownFilter: { breakdown: '$browser', breakdown_type: 'event' },
      });
      const api = await h.query<TrendsRow[]>(query);
      const shown = await page
        .getByTestId('trends-row')
        .evaluateAll((rows) =>
          rows.map((r) => [
            r.querySelector('td')?.textContent ?? '',
            r.querySelector('[data-testid=trends-total]')?.textContent ?? '',
          ]),
        );
      expect(shown).toEqual(api.map((r) => [`signup · ${r.breakdown_value}`, String(r.count)]));
      expect(Object.fromEntries(shown)).toEqual({
        'signup · Chrome': '36',
        'signup · Safari': '12',
        'signup · Firefox': '12',
      });
      await page.getByTestId('trends-chart').locator('svg').waitFor();
      await h.screenshot('01-trends-breakdown');
    });

    it('opens the persons behind a number, as many as it counts', async () => {
      const { page } = h;
      const firefox = page.getByTestId('trends-row').filter({ hasText: 'Firefox' });
      const cell = firefox.getByRole('button', { name: /Show persons/ }).first();
      const label = (await cell.getAttribute('aria-label')) ?? '';
      const count = Number((await cell.textContent()) ?? '0');
      expect(count).toBeGreaterThan(0);
      await cell.click();
      const modal = page.getByTestId('persons-modal');
      await modal.getByTestId('persons-table').waitFor();
      await expect(modal.locator('tbody tr').count()).resolves.toBe(count);
      expect(label).toMatch(/^signup · Firefox, /);
      await h.screenshot('02-trends-persons');
      await page.keyboard.press('Escape');
      await modal.waitFor({ state: 'detached' });
    });

    it('shows one number with the previous period, and keeps it across a reload', async () => {
      const { page } = h;
      await page.getByRole('button', { name: 'Remove breakdown by $browser (event)' }).click();
      await choose('Chart type', 'Number');
      await page.getByRole('switch', { name: 'Compare to previous period' }).check();
      await page.getByTestId('bold-number').waitFor();
      const query = urlQuery();
      const api = await h.query<(TrendsRow & { compare_label: string })[]>(query);
      const current = api.find((r) => r.compare_label === 'current');
      await expect(page.getByTestId('bold-number').textContent()).resolves.toBe(
        String(current?.aggregated_value),
      );
      await page.getByText('from 0 in the previous period').waitFor();
      await page.reload();
      await page.getByTestId('bold-number').waitFor();
      await expect(page.getByTestId('bold-number').textContent()).resolves.toBe('60');
      await h.screenshot('03-trends-number');
    });

    it('computes a formula over two series', async () => {
      const { page } = h;
      await page.goto(
        insightUrl({
          kind: 'TrendsQuery',
          interval: 'day',
          dateRange: { date_from: '-14d' },
          series: [
            { kind: 'EventsNode', event: 'purchase' },
            { kind: 'EventsNode', event: 'signup' },
          ],
        }),
      );
      await page.getByTestId('trends-row').nth(1).waitFor();
      const formula = page.getByRole('textbox', { name: 'Formula' });
      await formula.fill('A / B * 100');
      await formula.press('Enter');
      await page.getByTestId('trends-row').filter({ hasText: 'A / B * 100' }).waitFor();
      await expect(page.getByTestId('trends-row').count()).resolves.toBe(1);
      const [row] = await h.query<TrendsRow[]>(urlQuery());
      await expect(page.getByTestId('trends-total').textContent()).resolves.toBe(
        (row?.count ?? 0).toLocaleString('en-US', { maximumFractionDigits: 1 }),
      );
    });
  });

  describe('funnels', () => {
    interface Step {
      count: number;
      average_conversion_time: number | null;
    }
    interface Correlation {
      events: {
        event: { event: string };
        odds_ratio: number;
        correlation_type: string;
        success_count: number;
        failure_count: number;
      }[];
    }

    it('builds signup → purchase, and its steps match the query API', async () => {
      const { page } = h;
      await page.goto('/insights/new');
      await page.getByRole('tab', { name: 'Funnels' }).click();
      await choose('Step 1 event', 'signup');
      await choose('Step 2 event', 'purchase');
      await choose('Date range', 'Last 14 days');
      await page.getByTestId('funnel-steps-table').getByText('2. purchase').waitFor();
      const query = urlQuery();
      expect(query).toMatchObject({
        kind: 'FunnelsQuery',
        series: [{ event: 'signup' }, { event: 'purchase' }],
        dateRange: { date_from: '-14d' },
      });
      const steps = await h.query<Step[]>(query);
      const counts = await page.getByTestId('funnel-step-count').allTextContents();
      expect(counts).toEqual(steps.map((s) => String(s.count)));
      expect(counts).toEqual(['60', '37']);
      await expect(page.getByTestId('funnel-step-conversion').nth(1).textContent()).resolves.toBe('61.7%');
      await expect(page.getByTestId('funnel-step-dropped').nth(1).textContent()).resolves.toBe('23 (38.3%)');
      await page.getByTestId('funnel-chart').locator('svg').waitFor();
      await h.screenshot('04-funnel-steps');
    });

    it('lists the persons who dropped off and saves them as a static cohort', async () => {
      const { page } = h;
      await page.getByRole('button', { name: /^Dropped off before step 2 \(purchase\): 23/ }).click();
      const modal = page.getByTestId('persons-modal');
      await modal.getByTestId('persons-table').waitFor();
      await expect(modal.locator('tbody tr').count()).resolves.toBe(23);
      await modal.getByRole('button', { name: 'Save as cohort' }).click();
      await modal.getByRole('textbox', { name: 'Cohort name' }).fill('Signed up, did not buy');
      await modal.getByRole('button', { name: 'Create cohort' }).click();
      await modal.getByText('Saved as the static cohort “Signed up, did not buy”').waitFor();
      const cohorts = await h.api.get<{ results: { id: number; name: string; is_static: boolean }[] }>(
        `/api/projects/${h.projectId}/cohorts/`,
      );
      const cohort = cohorts.body.results.find((c) => c.name === 'Signed up, did not buy');
      expect(cohort?.is_static).toBe(true);
      const members = await h.api.get<{ results: unknown[] }>(
        `/api/projects/${h.projectId}/cohorts/${cohort?.id}/persons/?limit=100`,
      );
      expect(members.body.results).toHaveLength(23);
      await page.keyboard.press('Escape');
      await modal.waitFor({ state: 'detached' });
    });

    it('finds the planted cause: error_shown and Firefox are the top drop-off signals', async () => {
      const { page } = h;
      const failure = page.getByTestId('correlation-failure');
      await failure.getByTestId('correlation-row').first().waitFor();
      await expect(
        failure.getByTestId('correlation-row').first().locator('td').first().textContent(),
      ).resolves.toBe('error_shown');
      const events = await h.query<Correlation>({
        kind: 'FunnelCorrelationQuery',
        source: { kind: 'FunnelsActorsQuery', source: urlQuery(), funnelStep: 1 },
        funnelCorrelationType: 'events',
      });
      const error = events.events.find((e) => e.event.event === 'error_shown');
      expect(error?.correlation_type).toBe('failure');
      const factor = (1 / (error?.odds_ratio ?? 1)).toLocaleString('en-US', { maximumFractionDigits: 0 });
      await page
        .getByTestId('correlation-summary')
        .getByText(`Users who did error_shown are ${factor}× less likely to convert.`)
        .waitFor();

      await page.getByText('Person properties', { exact: true }).click();
      await page.getByTestId('correlation-summary').getByText('Users with browser = Firefox are').waitFor();
      const firefox = failure.getByTestId('correlation-row').first();
      await expect(firefox.locator('td').first().textContent()).resolves.toBe('browser = Firefox');
      await expect(firefox.locator('td').nth(1).textContent()).resolves.toBe('1');
      await expect(firefox.locator('td').nth(2).textContent()).resolves.toBe('11');
      await h.screenshot('05-funnel-correlation');

      await firefox.getByRole('button', { name: 'Actions for browser = Firefox' }).click();
      await page.getByRole('menuitem', { name: 'View persons who dropped off' }).click();
      const modal = page.getByTestId('persons-modal');
      await modal.getByTestId('persons-table').waitFor();
      await expect(modal.locator('tbody tr').count()).resolves.toBe(11);
      await page.keyboard.press('Escape');
      await modal.waitFor({ state: 'detached' });

      await firefox.getByRole('button', { name: 'Actions for browser = Firefox' }).click();
      await page.getByRole('menuitem', { name: 'Add as breakdown' }).click();
      await page.getByTestId('funnel-breakdown-table').waitFor();
      expect(urlQuery()).toMatchObject({
        breakdownFilter: { breakdown_type: 'person', breakdown: 'browser' },
      });
      const rows = await page.getByTestId('funnel-breakdown-row').allTextContents();
      expect(rows.find((r) => r.startsWith('Firefox'))).toMatch(/^Firefox121 \(8\.3%\)8\.3%$/);
    });

    it('shows time to convert and conversion over time', async () => {
      const { page } = h;
      await page.getByRole('button', { name: 'Remove breakdown by browser (person)' }).click();
      await choose('Funnel view', 'Time to convert');
      await page.getByTestId('time-to-convert-chart').locator('svg').waitFor();
      const ttc = await h.query<{ average_conversion_time: number }>(urlQuery());
      const shown = await page.getByTestId('average-conversion-time').textContent();
      const hours = Math.floor(ttc.average_conversion_time / 3600);
      expect(shown).toMatch(new RegExp(`^${hours}h`));
      await h.screenshot('06-funnel-time-to-convert');
      await choose('Funnel view', 'Conversion over time');
      await page.getByTestId('funnel-trends-chart').locator('svg').waitFor();
      expect(urlQuery()).toMatchObject({ funnelsFilter: { funnelVizType: 'trends' } });
    });
  });

  describe('retention, paths, lifecycle and stickiness', () => {
    it('builds retention of signups coming back with page views; the cohorts match the query API', async () => {
      const { page } = h;
      await page.getByRole('tab', { name: 'Retention' }).click();
      await choose('Start event', 'signup');
      await choose('Date range', 'Last 14 days');
      await page.getByTestId('retention-table').waitFor();
      const query = urlQuery();
      expect(query).toMatchObject({
        kind: 'RetentionQuery',
        retentionFilter: { targetEntity: { id: 'signup' } },
      });
      const cohorts = await h.query<{ values: { count: number }[] }[]>(query);
      const sizes = await page
        .getByTestId('retention-row')
        .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[1]?.textContent ?? ''));
      expect(sizes).toEqual(cohorts.map((c) => String(c.values[0]?.count)));
      expect(sizes.reduce((n, v) => n + Number(v), 0)).toBe(60);
      const index = cohorts.findIndex((c) => (c.values[0]?.count ?? 0) > 0);
      const first = cohorts[index];
      const day1 = page.getByTestId('retention-row').nth(index).locator('td').nth(3);
      await expect(day1.textContent()).resolves.toBe(
        `${(((first?.values[1]?.count ?? 0) / (first?.values[0]?.count ?? 1)) * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`,
      );
      await h.screenshot('07-retention');
    });

    it('builds paths of page views; the busiest edge matches the query API', async () => {
      const { page } = h;
      await page.getByRole('tab', { name: 'Paths' }).click();
      await page.getByRole('checkbox', { name: 'Page views (URLs)' }).check();
      await choose('Date range', 'Last 14 days');
      await page.getByTestId('paths-table').waitFor();
      await page.getByTestId('paths-chart').locator('svg').waitFor();
      const edges = await h.query<{ source: string; target: string; value: number }[]>(urlQuery());
      const top = edges[0];
      const row = page.getByTestId('paths-row').first();
      await expect(row.locator('td').nth(2).textContent()).resolves.toBe(String(top?.value));
      await expect(row.locator('td').nth(1).textContent()).resolves.toBe(`2. ${top?.target.slice(2)}`);
      expect(top).toMatchObject({
        source: '1_https://shop.example',
        target: '2_https://shop.example/pricing',
        value: 60,
      });
      await h.screenshot('08-paths');
    });

    it('builds a lifecycle of page views; the totals per status match the query API', async () => {
      const { page } = h;
      await page.getByRole('tab', { name: 'Lifecycle' }).click();
      await choose('Date range', 'Last 14 days');
      await page.getByTestId('lifecycle-table').waitFor();
      const statuses = await h.query<{ status: string; count: number }[]>(urlQuery());
      const totals = await page.getByTestId('lifecycle-total').allTextContents();
      expect(totals).toEqual(statuses.map((s) => s.count.toLocaleString('en-US')));
      expect(totals[0]).toBe('60');
      await h.screenshot('09-lifecycle');
    });

    it('builds stickiness of page views; the table matches the query API', async () => {
      const { page } = h;
      await page.getByRole('tab', { name: 'Stickiness' }).click();
      await choose('Date range', 'Last 14 days');
      await page.getByTestId('stickiness-chart').locator('svg').waitFor();
      const [series] = await h.query<{ count: number; data: number[] }[]>(urlQuery());
      const row = page.getByTestId('trends-row').first();
      await expect(row.getByTestId('trends-total').textContent()).resolves.toBe(String(series?.count));
      const cells = await row.locator('td').allTextContents();
      expect(cells.slice(2)).toEqual(series?.data.map(String));
      await h.screenshot('10-stickiness');
    });
  });

  it('logged no console errors', () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
