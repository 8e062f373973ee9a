import type { ActionStep } from '@hedgerow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionEventNames, actionExpr } from '../../src/query/filters/action-expr';
import { propertyString } from '../../src/query/filters/property-access';
import { eventColumn, type PropertySources } from '../../src/query/filters/property-filter-expr';
import { runSql } from '../../src/query/run-sql';
import { currentPersons } from '../../src/query/sources/current-persons';
import { alias, col, eq, select, table } from '../../src/query/sql/sql-builders';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/** One element of an elements chain as PostHog writes it: classes sorted, attributes sorted by key. */
function el(tag: string, classes: string[] = [], attributes: Record<string, string> = {}): string {
  const attrs: Record<string, string> = { 'nth-child': '1', 'nth-of-type': '1', ...attributes };
  if (classes.length > 0) attrs.attr__class = classes.join(' ');
  const pairs = Object.keys(attrs)
    .sort()
    .map((k) => `${k}="${(attrs[k] as string).replace(/"/g, '\\"')}"`);
  return `${tag}${[...classes]
    .sort()
    .map((c) => `.${c}`)
    .join('')}:${pairs.join('')}`;
}

const HOSTILE_URL = `https://shop.io/it's\\path"x`;
const HOSTILE_TEXT = `say "hi" \\ now (50%)`;

/** Events by number (`n`): what each one is, to read the expectations below. */
const events: { n: number; event: string; distinct_id: string; properties: Record<string, unknown> }[] = [
  {
    n: 1, // a click on the checkout button
    event: '$autocapture',
    distinct_id: 'ann',
    properties: {
      $current_url: 'https://shop.io/checkout?step=2',
      $elements_chain: [
        el('button', ['btn', 'cta'], { attr_id: 'buy', 'attr__data-attr': 'buy-now', text: 'Buy now' }),
        el('form', ['checkout'], { attr_id: 'checkout-form' }),
        el('div', ['page']),
        el('body'),
      ].join(';'),
    },
  },
  {
    n: 2, // a click on the second link of the navigation
    event: '$autocapture',
    distinct_id: 'bob',
    properties: {
      $current_url: 'https://shop.io/',
      $elements_chain: [
        el('a', ['nav-link'], {
          href: '/pricing',
          attr__href: '/pricing',
          text: 'See Pricing',
          'nth-child': '2',
        }),
        el('nav'),
        el('div', ['header']),
        el('body'),
      ].join(';'),
    },
  },
  {
    n: 3, // a click on a span inside a button without the cta class
    event: '$autocapture',
    distinct_id: 'bob',
    properties: {
      $current_url: 'https://shop.io/cart',
      $elements_chain: [
        el('span', [], { text: 'Buy now' }),
        el('button', ['btn']),
        el('div', ['page']),
        el('body'),
      ].join(';'),
    },
  },
  { n: 4, event: '$pageview', distinct_id: 'ann', properties: { $current_url: 'https://shop.io/checkout' } },
  { n: 5, event: '$pageview', distinct_id: 'ann', properties: { $current_url: 'https://SHOP.io/Checkout' } },
  { n: 6, event: '$pageview', distinct_id: 'bob', properties: { $current_url: 'https://shop.io/50%_off' } },
  { n: 7, event: '$pageview', distinct_id: 'bob', properties: { $current_url: 'https://shop.io/50xyoff' } },
  {
    n: 8,
    event: 'purchase',
    distinct_id: 'ann',
    properties: { plan: 'pro', $set: { email: 'ann@corp.io' } },
  },
  {
    n: 9,
    event: 'purchase',
    distinct_id: 'bob',
    properties: { plan: 'free', $set: { email: 'bob@home.io' } },
  },
  {
    n: 10, // a link whose href and text hold regex metacharacters, quotes and a backslash
    event: '$autocapture',
    distinct_id: 'ann',
    properties: {
      $current_url: 'https://shop.io/',
      $elements_chain: [
        el('a', ['x'], {
          href: '/a.b?c=(1)',
          attr__href: '/a.b?c=(1)',
          text: HOSTILE_TEXT,
          'attr__data-q': `a"b`,
        }),
        el('body'),
      ].join(';'),
    },
  },
  { n: 11, event: '$pageview', distinct_id: 'ann', properties: { $current_url: HOSTILE_URL } },
  { n: 12, event: '$pageleave', distinct_id: 'ann', properties: {} },
];

describe('actionExpr on chDB', () => {
  let server: TestServer;
  let projectId: number;

  beforeAll(async () => {
    server = await startTestServer();
    const web = new ApiClient(server.url);
    const account = await web.signup('action-matching@example.com');
    projectId = account.team.id;
    const start = Date.UTC(2024, 5, 1);
    // Sent as posthog-js sends them: to /e/, a JSON array of events carrying the token.
    const body = events.map((e) => ({
      event: e.event,
      distinct_id: e.distinct_id,
      timestamp: new Date(start + e.n * 60_000).toISOString(),
      properties: { ...e.properties, n: e.n, token: account.team.api_token },
    }));
    const res = await fetch(`${server.url}/e/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    // The same events in another project must never match.
    const other = await new ApiClient(server.url).signup('other-matching@example.com');
    await fetch(`${server.url}/e/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        body.map((e) => ({ ...e, properties: { ...e.properties, token: other.team.api_token } })),
      ),
    });
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  /** The `n` of each event of the project the action matches, in order. */
  async function matched(...steps: ActionStep[]): Promise<number[]> {
    const sources = {
      event: col('properties', 'e'),
      person: col('properties', 'person'),
      group: () => null,
      metadata: (name: string) => eventColumn(name, 'e'),
      cohort: null,
    } as PropertySources;
    const rows = await runSql<{ n: string }>(
      server.container.eventStore,
      projectId,
      select({
        select: [alias(propertyString(col('properties', 'e'), 'n'), 'n')],
        from: table('events', 'e'),
        joins: [
          {
            type: 'LEFT',
            item: { kind: 'subquery', query: currentPersons(['properties']), alias: 'person' },
            on: eq(col('id', 'person'), col('person_id', 'e')),
          },
        ],
        where: actionExpr({ id: 1, name: 'test', steps }, sources),
      }),
    );
    return rows.map((r) => Number(r.n)).sort((a, b) => a - b);
  }
  const autocapture = (step: Omit<ActionStep, 'event'>): ActionStep => ({ event: '$autocapture', ...step });

  it('matches events by name, steps ORed', async () => {
    expect(await matched({ event: 'purchase' })).toEqual([8, 9]);
    expect(await matched({ event: 'purchase' }, { event: '$pageleave' })).toEqual([8, 9, 12]);
    expect(await matched({ event: 'nothing' })).toEqual([]);
  });

  it('matches $current_url: contains (case-sensitive), exact, regex', async () => {
    expect(await matched({ url: '/checkout' })).toEqual([1, 4]);
    expect(await matched({ event: '$pageview', url: '/checkout', url_matching: 'contains' })).toEqual([4]);
    expect(await matched({ url: 'https://shop.io/checkout', url_matching: 'exact' })).toEqual([4]);
    expect(await matched({ url: '^https://shop\\.io/(checkout|cart)', url_matching: 'regex' })).toEqual([
      1, 3, 4,
    ]);
    expect(await matched({ url: '(?i)shop\\.io/checkout$', url_matching: 'regex' })).toEqual([4, 5]);
  });

  it('matches selectors with classes, ids, attributes, nth-child, child and descendant', async () => {
    const bySelector = async (selector: string) => matched(autocapture({ selector }));
    expect(await bySelector('button.cta')).toEqual([1]);
    expect(await bySelector('.btn')).toEqual([1, 3]);
    expect(await bySelector('#buy')).toEqual([1]);
    expect(await bySelector('[data-attr="buy-now"]')).toEqual([1]);
    expect(await bySelector('button#buy.btn[data-attr="buy-now"]:nth-child(1)')).toEqual([1]);
    expect(await bySelector('form > button')).toEqual([1]);
    expect(await bySelector('div > button')).toEqual([3]);
    expect(await bySelector('div button')).toEqual([1, 3]);
    expect(await bySelector('body > div.page > form')).toEqual([1]);
    expect(await bySelector('body > div.page')).toEqual([1, 3]);
    expect(await bySelector('nav a.nav-link')).toEqual([2]);
    expect(await bySelector('div.header > a')).toEqual([]);
    expect(await bySelector('a:nth-child(2)')).toEqual([2]);
    expect(await bySelector('a:nth-child(1)')).toEqual([10]);
    expect(await bySelector('[href="/a.b?c=(1)"]')).toEqual([10]);
    expect(await bySelector("[data-q='a\"b']")).toEqual([10]);
    expect(await bySelector('.checkout > #buy')).toEqual([1]);
    expect(await bySelector('.page > #buy')).toEqual([]);
    expect(await bySelector('button.cta.btn.nope')).toEqual([]);
    // On a step of another event, element conditions do not apply (PostHog).
    expect(await matched({ event: '$pageview', selector: 'button' })).toEqual([4, 5, 6, 7, 11]);
  });

  it('matches tag_name, href and text from the elements chain', async () => {
    expect(await matched(autocapture({ tag_name: 'a' }))).toEqual([2, 10]);
    expect(await matched(autocapture({ tag_name: 'span' }))).toEqual([3]);
    expect(await matched(autocapture({ tag_name: 'butto' }))).toEqual([]);
    expect(await matched(autocapture({ href: '/pricing' }))).toEqual([2]);
    expect(await matched(autocapture({ href: '/pric' }))).toEqual([]);
    expect(await matched(autocapture({ href: 'PRIC', href_matching: 'contains' }))).toEqual([2]);
    expect(await matched(autocapture({ href: '^/pri', href_matching: 'regex' }))).toEqual([2]);
    expect(await matched(autocapture({ href: '/a.b?c=(1)' }))).toEqual([10]);
    expect(await matched(autocapture({ href: '.b?c=(', href_matching: 'contains' }))).toEqual([10]);
    expect(await matched(autocapture({ text: 'Buy now' }))).toEqual([1, 3]);
    expect(await matched(autocapture({ text: 'buy', text_matching: 'contains' }))).toEqual([1, 3]);
    expect(await matched(autocapture({ text: '^See', text_matching: 'regex' }))).toEqual([2]);
    expect(await matched(autocapture({ text: 'See' }))).toEqual([]);
    expect(await matched(autocapture({ text: HOSTILE_TEXT }))).toEqual([10]);
    expect(await matched(autocapture({ text: '"hi" \\', text_matching: 'contains' }))).toEqual([10]);
    expect(await matched(autocapture({ selector: 'button', text: 'Buy now' }))).toEqual([1, 3]);
    expect(await matched(autocapture({ selector: 'button', text: 'See Pricing' }))).toEqual([]);
  });

  it('applies step property filters, person properties included', async () => {
    expect(
      await matched({ event: 'purchase', properties: [{ key: 'plan', value: 'pro', type: 'event' }] }),
    ).toEqual([8]);
    expect(
      await matched({
        event: 'purchase',
        properties: [{ key: 'email', value: '@corp.io', operator: 'icontains', type: 'person' }],
      }),
    ).toEqual([8]);
    expect(
      await matched({
        properties: [
          { key: 'email', value: '@home.io', operator: 'icontains', type: 'person' },
          { key: 'plan', operator: 'is_set', type: 'event' },
        ],
      }),
    ).toEqual([9]);
  });

  it('ORs several kinds of steps', async () => {
    expect(
      await matched({ event: '$pageview', url: '/checkout' }, autocapture({ selector: 'a.nav-link' }), {
        event: 'purchase',
        properties: [{ key: 'plan', value: 'free', type: 'event' }],
      }),
    ).toEqual([2, 4, 9]);
  });

  it('keeps hostile values inert: quotes, backslashes and wildcards are matched literally', async () => {
    expect(await matched({ url: '%' })).toEqual([6]);
    expect(await matched({ url: '_' })).toEqual([6]);
    expect(await matched({ url: '50%_off' })).toEqual([6]);
    expect(await matched({ url: "'" })).toEqual([11]);
    expect(await matched({ url: '\\' })).toEqual([11]);
    expect(await matched({ url: `s\\path"x` })).toEqual([11]);
    expect(await matched({ url: HOSTILE_URL, url_matching: 'exact' })).toEqual([11]);
    expect(await matched({ url: '.*' })).toEqual([]);
    expect(await matched({ url: "' OR 1=1 --" })).toEqual([]);
    expect(await matched(autocapture({ tag_name: '.*' }))).toEqual([]);
    expect(await matched(autocapture({ tag_name: 'a|span' }))).toEqual([]);
    expect(await matched(autocapture({ href: '%', href_matching: 'contains' }))).toEqual([]);
    expect(await matched(autocapture({ text: '%', text_matching: 'contains' }))).toEqual([10]);
    expect(await matched(autocapture({ text: "') OR 1=1 --" }))).toEqual([]);
    expect(await matched(autocapture({ selector: '[data-q="a\\"b"]' }))).toEqual([10]);
  });

  it('names the events an action can match', () => {
    expect(actionEventNames({ id: 1, name: 'x', steps: [{ event: 'a' }, { event: 'a', url: 'y' }] })).toEqual(
      ['a'],
    );
    expect(actionEventNames({ id: 1, name: 'x', steps: [{ event: 'a' }, { url: 'y' }] })).toBeNull();
  });
});
