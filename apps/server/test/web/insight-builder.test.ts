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

  it('logged no console errors', () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
