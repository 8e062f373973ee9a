/**
 * A CSS selector the compiler cannot turn into a regex; `message` says what and where, for a 400.
 */
export class SelectorSyntaxError extends Error {
  override readonly name = 'SelectorSyntaxError';
}

/** One compound selector (`button.cta#buy[data-x="1"]:nth-child(2)`). */
interface Compound {
  /** Lowercase tag name, or null for any (`*` or none written). */
  tag: string | null;
  classes: string[];
  /** Chain attribute keys (`attr_id`, `attr__data-x`, `nth-child`) with a value, or null for presence. */
  attributes: { key: string; value: string | null }[];
}

interface Parsed {
  compounds: Compound[];
  /** `combinators[i]` joins compounds[i] and compounds[i + 1]. */
  combinators: ('child' | 'descendant')[];
}

/** Characters that end an unescaped name (`.class`, `#id`, tag, attribute name). */
const NAME_END = new Set([...' \t\n\r\f.#[]>+~,:()\'"\\*=|^$']);
const TAG_NAME = /^[a-z][a-z0-9_-]*$/;
const ATTRIBUTE_NAME = /^[^\s"';=<>/]+$/;
/** More attribute conditions than this on one element would make the any-order regex too large. */
const MAX_ATTRIBUTES_PER_ELEMENT = 4;
const MAX_COMPOUNDS = 20;

class SelectorParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): Parsed {
    const compounds: Compound[] = [];
    const combinators: ('child' | 'descendant')[] = [];
    this.skipSpace();
    if (this.pos >= this.text.length) throw new SelectorSyntaxError('The selector is empty.');
    for (;;) {
      compounds.push(this.compound());
      const hadSpace = this.skipSpace();
      if (this.pos >= this.text.length) break;
      const c = this.text[this.pos];
      if (c === '>') {
        this.pos++;
        this.skipSpace();
        combinators.push('child');
      } else if (c === '+' || c === '~') {
        throw this.error(`the sibling combinator "${c}" is not supported`);
      } else if (c === ',') {
        throw this.error('selector lists (",") are not supported; use one step per selector');
      } else if (hadSpace) {
        combinators.push('descendant');
      } else {
        throw this.error(`unexpected "${c}"`);
      }
      if (this.pos >= this.text.length) throw this.error('a combinator must be followed by a selector');
      if (compounds.length >= MAX_COMPOUNDS)
        throw new SelectorSyntaxError(`A selector may have at most ${MAX_COMPOUNDS} parts.`);
    }
    return { compounds, combinators };
  }

  private compound(): Compound {
    const start = this.pos;
    const out: Compound = { tag: null, classes: [], attributes: [] };
    const c0 = this.text[this.pos];
    if (c0 === '*') {
      this.pos++;
    } else if (c0 !== undefined && !NAME_END.has(c0)) {
      const tag = this.name('a tag name').toLowerCase();
      if (!TAG_NAME.test(tag)) throw this.error(`"${tag}" is not a tag name`, start);
      out.tag = tag;
    }
    for (;;) {
      const c = this.text[this.pos];
      if (c === '.') {
        this.pos++;
        out.classes.push(this.name('a class name'));
      } else if (c === '#') {
        this.pos++;
        out.attributes.push({ key: 'attr_id', value: this.name('an id') });
      } else if (c === '[') {
        out.attributes.push(this.attribute());
      } else if (c === ':') {
        out.attributes.push(this.pseudoClass());
      } else {
        break;
      }
    }
    if (this.pos === start) {
      const c = this.text[this.pos];
      throw this.error(c === undefined ? 'a selector is missing' : `unexpected "${c}"`);
    }
    out.classes = [...new Set(out.classes)].sort();
    const seen = new Map<string, string | null>();
    for (const a of out.attributes) {
      const before = seen.get(a.key);
      if (before !== undefined && before !== null && a.value !== null && before !== a.value) {
        throw this.error(`"${a.key.replace(/^attr__?/, '')}" is given two different values`, start);
      }
      if (before === undefined || before === null) seen.set(a.key, a.value);
    }
    out.attributes = [...seen].map(([key, value]) => ({ key, value }));
    if (out.attributes.length > MAX_ATTRIBUTES_PER_ELEMENT) {
      throw this.error(
        `at most ${MAX_ATTRIBUTES_PER_ELEMENT} id, attribute and nth-child conditions per element are supported`,
        start,
      );
    }
    return out;
  }

  /** `[name]` or `[name="value"]` (value quoted or a bare name). */
  private attribute(): { key: string; value: string | null } {
    const start = this.pos;
    this.pos++; // [
    this.skipSpace();
    const name = this.name('an attribute name');
    if (!ATTRIBUTE_NAME.test(name)) throw this.error(`"${name}" is not an attribute name`, start);
    this.skipSpace();
    let value: string | null = null;
    const c = this.text[this.pos];
    if (c === '=') {
      this.pos++;
      this.skipSpace();
      const q = this.text[this.pos];
      value = q === '"' || q === "'" ? this.quoted() : this.name('an attribute value');
      this.skipSpace();
      if (/^[iIsS]\s*\]/.test(this.text.slice(this.pos)))
        throw this.error('case flags in attribute selectors are not supported', start);
    } else if (c !== undefined && '~|^$*'.includes(c)) {
      throw this.error(
        `the attribute operator "${c}=" is not supported; only [name="value"] and [name]`,
        start,
      );
    }
    if (this.text[this.pos] !== ']') throw this.error('an attribute selector must end with "]"', start);
    this.pos++;
    const lower = name.toLowerCase();
    return { key: lower === 'id' ? 'attr_id' : `attr__${name}`, value };
  }

  /** `:nth-child(N)` and `:nth-of-type(N)`: the positions the elements chain records. */
  private pseudoClass(): { key: string; value: string } {
    const start = this.pos;
    const m = /^:(nth-child|nth-of-type)\(\s*(\d{1,6})\s*\)/i.exec(this.text.slice(this.pos));
    if (!m?.[1] || !m[2]) {
      const name = /^::?([A-Za-z-]*)/.exec(this.text.slice(this.pos))?.[1] ?? '';
      throw this.error(
        /^nth-(child|of-type)$/i.test(name)
          ? `only :${name.toLowerCase()}(N) with a number N is supported`
          : `the pseudo-class ":${name}" is not supported (only :nth-child(N) and :nth-of-type(N))`,
        start,
      );
    }
    this.pos += m[0].length;
    return { key: m[1].toLowerCase(), value: String(Number(m[2])) };
  }

  /** A name with CSS escapes (`\:`, `\31 `) resolved. Lenient: `/`, `@` and `!` need no escape. */
  private name(what: string): string {
    const start = this.pos;
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === '\\') {
        out += this.escape();
      } else if (NAME_END.has(c)) {
        break;
      } else {
        out += c;
        this.pos++;
      }
    }
    if (out === '') throw this.error(`${what} is missing`, start);
    return out;
  }

  private quoted(): string {
    const start = this.pos;
    const quote = this.text[this.pos];
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c === '\\') out += this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
    throw this.error('an unterminated quoted value', start);
  }

  private escape(): string {
    this.pos++; // backslash
    const hex = /^[0-9a-fA-F]{1,6}[ \t\n\r\f]?/.exec(this.text.slice(this.pos));
    if (hex) {
      this.pos += hex[0].length;
      const code = Number.parseInt(hex[0].trim(), 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
        ? '\uFFFD'
        : String.fromCodePoint(code);
    }
    const c = this.text.codePointAt(this.pos);
    if (c === undefined) throw this.error('a selector cannot end with "\\"');
    const ch = String.fromCodePoint(c);
    this.pos += ch.length;
    return ch;
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
    return this.pos > start;
  }

  private error(what: string, at = this.pos): SelectorSyntaxError {
    return new SelectorSyntaxError(`Unsupported selector at character ${at + 1}: ${what}.`);
  }
}

/** Escapes RE2 (and JavaScript) metacharacters. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** A chain value as the elements chain writes it: quotes escaped as `\"` (PostHog's `_escape`). */
function chainValue(value: string): string {
  return value.replace(/\\?"/g, '\\"');
}

// The elements chain (PostHog's `elements_to_string`, also built by posthog-js): elements from the
// clicked one up to the root, joined by `;`; each is `tag.class1.class2:` (classes sorted) followed
// by `key="value"` attributes sorted by key (`attr__<name>` for HTML attributes, `attr_id`, `href`,
// `nth-child`, `nth-of-type`, `text`), with `"` in values escaped as `\"`.
const QUOTED = '"(?:[^"\\\\]|\\\\.)*"';
/** Any attribute after the first. */
const ANY_ATTRIBUTE = `[^";=]+=${QUOTED}`;
/**
 * The attribute that opens the attribute list. Its key is restricted so that a class holding a colon
 * (Tailwind's `hover:bg-blue`) is not mistaken for the start of the attributes.
 */
const FIRST_ATTRIBUTE = `(?:attr_[^";=]*|[A-Za-z0-9_-]+)=${QUOTED}`;
const ANY_ELEMENT = `(?:[^;"]|${QUOTED})*`;
const CLASS = '\\.[^.;"]*';

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** The regex of one element of the chain that satisfies the compound (without separators). */
function elementRegex(compound: Compound): string {
  let out = compound.tag === null ? '[^.:;"]*' : escapeRegex(compound.tag);
  out += `(?:${CLASS})*?`;
  for (const c of compound.classes) out += `\\.${escapeRegex(c)}(?:${CLASS})*?`;
  if (compound.attributes.length === 0) {
    return `${out}(?::(?:${FIRST_ATTRIBUTE}(?:${ANY_ATTRIBUTE})*)?)?`;
  }
  const required = compound.attributes.map(
    ({ key, value }) =>
      `${escapeRegex(key)}=${value === null ? QUOTED : `"${escapeRegex(chainValue(value))}"`}`,
  );
  // Chains sort attributes by key, but not every producer sorts the same way: accept any order.
  const orders = permutations(required).map((p) => p.join(`(?:${ANY_ATTRIBUTE})*?`));
  const anyOrder = orders.length === 1 ? (orders[0] as string) : `(?:${orders.join('|')})`;
  return `${out}:(?:${FIRST_ATTRIBUTE}(?:${ANY_ATTRIBUTE})*?)?${anyOrder}(?:${ANY_ATTRIBUTE})*`;
}

/**
 * Compiles a CSS selector into an RE2 regex (also valid JavaScript) over PostHog's `elements_chain`:
 * it matches when some element of the chain matches the selector's last part and its ancestors the
 * rest (`>`: the parent, a space: any ancestor). Supported: tag, `*`, `.class`, `#id`, `[attr]`,
 * `[attr="value"]`, `:nth-child(N)`, `:nth-of-type(N)`, descendant and child combinators. Anything
 * else (other pseudo-classes, sibling combinators, attribute operators, selector lists) throws a
 * SelectorSyntaxError rather than compiling into a regex that silently never matches.
 */
export function selectorRegex(selector: string): string {
  const { compounds, combinators } = new SelectorParser(selector).parse();
  // The chain lists the clicked element first and the root last: walk the selector right to left.
  let out = '(?:^|;)';
  for (let i = compounds.length - 1; i >= 0; i--) {
    if (i < compounds.length - 1) {
      out += combinators[i] === 'child' ? ';' : `;(?:${ANY_ELEMENT};)*`;
    }
    out += elementRegex(compounds[i] as Compound);
  }
  return `${out}(?:;|$)`;
}
