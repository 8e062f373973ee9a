import { describe, expect, it } from 'vitest';
import { escapeRegex, SelectorSyntaxError, selectorRegex } from './selector-regex';

/** One element of a chain as PostHog writes it: classes sorted, attributes sorted by key. */
function el(tag: string, classes: string[] = [], attributes: Record<string, string> = {}): string {
  const attrs: Record<string, string> = { 'nth-child': '1', 'nth-of-type': '1', ...attributes };
  if (classes.length > 0) attrs.attr__class = classes.join(' ');
  const body = Object.keys(attrs)
    .sort()
    .map((k) => `${k}="${(attrs[k] as string).replace(/"/g, '\\"')}"`)
    .join('');
  return `${tag}${[...classes]
    .sort()
    .map((c) => `.${c}`)
    .join('')}:${body}`;
}
const chain = (...elements: string[]) => elements.join(';');

// The regexes are RE2 syntax that JavaScript reads the same way; the integration test runs them in ClickHouse.
const matches = (selector: string, elementsChain: string) =>
  new RegExp(selectorRegex(selector)).test(elementsChain);

const button = el('button', ['btn', 'cta'], {
  attr_id: 'buy',
  'attr__data-attr': 'buy-now',
  text: 'Buy now',
});
const form = el('form', ['checkout'], { attr_id: 'checkout-form' });
const div = el('div', ['page']);
const body = el('body');
const page = chain(button, form, div, body);

describe('selectorRegex', () => {
  it('matches a tag, classes, an id and attributes of one element', () => {
    expect(matches('button', page)).toBe(true);
    expect(matches('button.cta', page)).toBe(true);
    expect(matches('.cta.btn', page)).toBe(true);
    expect(matches('#buy', page)).toBe(true);
    expect(matches('button#buy.btn', page)).toBe(true);
    expect(matches('[data-attr="buy-now"]', page)).toBe(true);
    expect(matches("[data-attr='buy-now']", page)).toBe(true);
    expect(matches('[data-attr=buy-now]', page)).toBe(true);
    expect(matches('[data-attr]', page)).toBe(true);
    expect(matches('[id="buy"]', page)).toBe(true);
    expect(matches('button:nth-child(1)', page)).toBe(true);
    expect(matches('*.cta', page)).toBe(true);
    expect(matches('BUTTON.cta', page)).toBe(true);
  });

  it('requires every condition on the same element, and whole names', () => {
    expect(matches('button.checkout', page)).toBe(false);
    expect(matches('form#buy', page)).toBe(false);
    expect(matches('button.ct', page)).toBe(false);
    expect(matches('.btn-primary', page)).toBe(false);
    expect(matches('butto', page)).toBe(false);
    expect(matches('#bu', page)).toBe(false);
    expect(matches('[data-attr="buy"]', page)).toBe(false);
    expect(matches('[data-other]', page)).toBe(false);
    expect(matches('button:nth-child(2)', page)).toBe(false);
    expect(matches('a', page)).toBe(false);
    // A tag name is not matched by a class of that name, nor a class by the text.
    expect(matches('page', page)).toBe(false);
    expect(matches('.Buy', page)).toBe(false);
  });

  it('tells a child from a descendant', () => {
    expect(matches('form > button', page)).toBe(true);
    expect(matches('form>button', page)).toBe(true);
    expect(matches('div button', page)).toBe(true);
    expect(matches('body button.cta', page)).toBe(true);
    expect(matches('div > button', page)).toBe(false);
    expect(matches('body > form > button', page)).toBe(false);
    expect(matches('body div > form button', page)).toBe(true);
    expect(matches('div > form > button', page)).toBe(true);
    expect(matches('button form', page)).toBe(false);
    expect(matches('form', page)).toBe(true);
    // The last part may be any element of the chain (a click on a span inside a button is the button's).
    expect(matches('div.page > form', page)).toBe(true);
    expect(matches('.page > #buy', page)).toBe(false);
    expect(matches('.page #buy', page)).toBe(true);
    expect(matches('#checkout-form #buy', page)).toBe(true);
  });

  it('copes with the chain: quoted semicolons, escaped quotes, Tailwind classes, several attribute orders', () => {
    const tricky = chain(
      el('a', ['hover:bg-blue', 'w-1/2', 'py-0.5'], {
        href: '/x;y',
        text: 'say "hi"; bye',
        'attr__data-x': 'a"b',
      }),
      el('nav'),
    );
    expect(() => selectorRegex('a.hover:bg-blue')).toThrow(/pseudo-class ":bg-blue"/);
    expect(matches('a.hover\\:bg-blue', tricky)).toBe(true);
    expect(matches('a.w-1/2', tricky)).toBe(true);
    expect(matches('a.py-0\\.5', tricky)).toBe(true);
    expect(matches('.hover', tricky)).toBe(false);
    expect(matches('nav > a', tricky)).toBe(true);
    expect(matches('[data-x="a\\"b"]', tricky)).toBe(true);
    expect(matches(`[data-x='a"b']`, tricky)).toBe(true);
    expect(matches('[href="/x;y"]', tricky)).toBe(false); // href is attr__href in a chain; this one has only href
    expect(matches('nav', tricky)).toBe(true);
    // Attributes in another order than this compiler's (posthog-js sorts with localeCompare).
    const reordered = 'button:text="Go"nth-child="2"attr_id="go"nth-of-type="1"';
    expect(matches('button#go:nth-child(2)', reordered)).toBe(true);
    expect(matches('button#go:nth-child(3)', reordered)).toBe(false);
  });

  it('matches a whole chain element only, not text inside a quoted value', () => {
    const withText = chain(el('span', [], { text: 'button.cta' }), el('div'));
    expect(matches('button', withText)).toBe(false);
    expect(matches('.cta', withText)).toBe(false);
    expect(matches('div > span', withText)).toBe(true);
  });

  it('refuses what it cannot compile, saying what', () => {
    const refused: [string, RegExp][] = [
      ['', /empty/],
      ['   ', /empty/],
      ['a:hover', /pseudo-class ":hover"/],
      ['li:nth-child(2n+1)', /nth-child\(N\)/],
      ['a:not(.x)', /pseudo-class ":not"/],
      ['a + b', /sibling combinator "\+"/],
      ['a ~ b', /sibling combinator "~"/],
      ['a, b', /selector lists/],
      ['[href^="/x"]', /operator "\^="/],
      ['[href*="x"]', /operator "\*="/],
      ['[a="b" i]', /case flags/],
      ['[a="b"', /end with "\]"/],
      ['[a="b]', /unterminated/],
      ['a >', /followed by a selector/],
      ['> a', /unexpected ">"/],
      ['.', /class name is missing/],
      ['#', /id is missing/],
      ['a\\', /cannot end/],
      ['a[x="1"][y="2"][z="3"]#i:nth-child(1)', /at most 4/],
      ['[x="1"][x="2"]', /two different values/],
      ['1abc', /not a tag name/],
    ];
    for (const [selector, message] of refused) {
      expect(() => selectorRegex(selector), selector).toThrow(SelectorSyntaxError);
      expect(() => selectorRegex(selector), selector).toThrow(message);
    }
  });

  it('escapes every metacharacter of names and values', () => {
    const odd = el('div', [], { 'attr__data-q': '(a+b)*[c]{2}|^$.?\\d' });
    expect(matches('[data-q="(a+b)*[c]{2}|^$.?\\\\d"]', odd)).toBe(true);
    expect(matches('[data-q="(a+b)*[c]{2}|^$.?d"]', odd)).toBe(false);
    expect(matches('[data-q="(a+b)*[c]{2}|^$..\\\\d"]', odd)).toBe(false);
    expect(escapeRegex('a.b*c')).toBe('a\\.b\\*c');
  });
});
