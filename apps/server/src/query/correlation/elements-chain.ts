/** One element of an autocapture chain, as PostHog's `ElementSerializer` shows it. */
export interface ChainElement {
  text: string | null;
  tag_name: string | null;
  attr_class: string[] | null;
  href: string | null;
  attr_id: string | null;
  nth_child: number | null;
  nth_of_type: number | null;
  attributes: Record<string, string>;
  order: number;
}

const ELEMENT = /^(?<tag>[^.:]*)(?<classes>\.[^:]*)?:?(?<attributes>.*)$/s;
const ATTRIBUTE = /([^=]+?)="((?:[^"\\]|\\.)*)"/g;

/** `a\"b` in a chain value is `a"b`. */
const unescapeChainValue = (v: string) => v.replace(/\\(.)/g, '$1');

/** Splits on `;` outside quoted values. */
function splitElements(chain: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i] as string;
    if (c === '\\' && quoted) {
      current += c + (chain[i + 1] ?? '');
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  if (current !== '') parts.push(current);
  return parts;
}

/**
 * PostHog's `elements_chain` (`tag.class1.class2:attr__href="…"nth-child="1"text="…";parent…`)
 * as elements, the clicked one first (`order` 0).
 */
export function chainToElements(chain: string): ChainElement[] {
  return splitElements(chain).map((raw, order) => {
    const match = ELEMENT.exec(raw);
    const attributes: Record<string, string> = {};
    const element: ChainElement = {
      text: null,
      tag_name: match?.groups?.tag || null,
      attr_class: null,
      href: null,
      attr_id: null,
      nth_child: null,
      nth_of_type: null,
      attributes,
      order,
    };
    const classes = match?.groups?.classes;
    if (classes)
      element.attr_class = classes
        .slice(1)
        .split('.')
        .filter((c) => c !== '');
    for (const [, key = '', rawValue = ''] of (match?.groups?.attributes ?? '').matchAll(ATTRIBUTE)) {
      const value = unescapeChainValue(rawValue);
      if (key === 'text') element.text = value;
      else if (key === 'href') element.href = value;
      else if (key === 'attr_id') element.attr_id = value;
      else if (key === 'nth-child') element.nth_child = Number(value);
      else if (key === 'nth-of-type') element.nth_of_type = Number(value);
      else if (key.startsWith('attr__')) attributes[key] = value;
    }
    return element;
  });
}
