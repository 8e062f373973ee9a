import { invalidInput } from '../../http/api-error';

/**
 * A small, safe subset of PostHog's HogQL for EventsQuery `select`, `where` and `orderBy`:
 * fields (`event`, `properties.$browser`, `properties['a b']`, `person.properties.email`), string and
 * number literals, calls of allow-listed functions (with `DISTINCT`), arithmetic, comparisons,
 * `AND`/`OR`/`NOT`, parentheses, `*`, `AS alias`, and `ASC`/`DESC` in orderBy. It is parsed into a
 * tree; field names and literals are resolved into bound SQL later, so nothing here reaches SQL as text.
 */
export type ParsedExpr =
  | { kind: 'field'; path: string[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' }
  | { kind: 'star' }
  | { kind: 'call'; name: string; args: ParsedExpr[]; distinct: boolean }
  | { kind: 'binary'; op: string; left: ParsedExpr; right: ParsedExpr }
  | { kind: 'not'; expr: ParsedExpr }
  | { kind: 'neg'; expr: ParsedExpr };

interface Token {
  type: 'ident' | 'string' | 'number' | 'op' | 'punct';
  value: string;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'AS',
  'ASC',
  'DESC',
  'DISTINCT',
  'LIKE',
  'ILIKE',
  'IN',
  'TRUE',
  'FALSE',
  'NULL',
  'IS',
]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else value += text[i++];
      }
      if (text[i] !== c) throw invalidInput(`Unterminated quote in "${text}".`);
      i++;
      tokens.push({ type: c === "'" ? 'string' : 'ident', value });
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(text.slice(i));
    if (num) {
      tokens.push({ type: 'number', value: num[0] });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i));
    if (ident) {
      tokens.push({ type: 'ident', value: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|<>|==|=|<|>|\+|-|\*|\/)/.exec(text.slice(i));
    if (op) {
      tokens.push({ type: 'op', value: op[0] === '<>' ? '!=' : op[0] === '==' ? '=' : op[0] });
      i += op[0].length;
      continue;
    }
    if ('(),.[]'.includes(c)) {
      tokens.push({ type: 'punct', value: c });
      i++;
      continue;
    }
    throw invalidInput(`Unexpected "${c}" in "${text}".`);
  }
  return tokens;
}

export interface ParsedItem {
  expr: ParsedExpr;
  alias: string | null;
  direction: 'ASC' | 'DESC' | null;
}

/** Parses one `select`, `where` or `orderBy` entry. */
export function parseExpression(text: string): ParsedItem {
  const tokens = tokenize(text);
  let at = 0;
  const fail = (why: string): never => {
    throw invalidInput(`Cannot read "${text}": ${why}`);
  };
  const peek = (offset = 0) => tokens[at + offset];
  const isKeyword = (t: Token | undefined, word: string) =>
    t?.type === 'ident' && t.value.toUpperCase() === word;
  const expectPunct = (p: string) => {
    const t = tokens[at++];
    if (t?.type !== 'punct' || t.value !== p) fail(`expected "${p}".`);
  };

  const primary = (): ParsedExpr => {
    const t = tokens[at++];
    if (!t) return fail('it ends too early.');
    if (t.type === 'string') return { kind: 'string', value: t.value };
    if (t.type === 'number') return { kind: 'number', value: Number(t.value) };
    if (t.type === 'op' && t.value === '*') return { kind: 'star' };
    if (t.type === 'op' && t.value === '-') return { kind: 'neg', expr: primary() };
    if (t.type === 'punct' && t.value === '(') {
      const inner = disjunction();
      expectPunct(')');
      return inner;
    }
    if (t.type !== 'ident') return fail(`unexpected "${t.value}".`);
    const upper = t.value.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'bool', value: upper === 'TRUE' };
    if (upper === 'NULL') return { kind: 'null' };
    if (upper === 'NOT') return { kind: 'not', expr: comparison() };
    if (peek()?.type === 'punct' && peek()?.value === '(') {
      at++;
      let distinct = false;
      if (isKeyword(peek(), 'DISTINCT')) {
        distinct = true;
        at++;
      }
      const args: ParsedExpr[] = [];
      if (!(peek()?.type === 'punct' && peek()?.value === ')')) {
        args.push(disjunction());
        while (peek()?.type === 'punct' && peek()?.value === ',') {
          at++;
          args.push(disjunction());
        }
      }
      expectPunct(')');
      return { kind: 'call', name: t.value, args, distinct };
    }
    const path = [t.value];
    for (;;) {
      const next = peek();
      if (next?.type === 'punct' && next.value === '.') {
        at++;
        const part = tokens[at++];
        if (part?.type !== 'ident') fail('expected a name after ".".');
        path.push((part as Token).value);
      } else if (next?.type === 'punct' && next.value === '[') {
        at++;
        const part = tokens[at++];
        if (part?.type !== 'string') fail('expected a quoted key inside [ ].');
        path.push((part as Token).value);
        expectPunct(']');
      } else break;
    }
    return { kind: 'field', path };
  };
  const product = (): ParsedExpr => {
    let left = primary();
    while (peek()?.type === 'op' && (peek()?.value === '*' || peek()?.value === '/')) {
      const op = (tokens[at++] as Token).value;
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  };
  const sum = (): ParsedExpr => {
    let left = product();
    while (peek()?.type === 'op' && (peek()?.value === '+' || peek()?.value === '-')) {
      const op = (tokens[at++] as Token).value;
      left = { kind: 'binary', op, left, right: product() };
    }
    return left;
  };
  const comparison = (): ParsedExpr => {
    const left = sum();
    const t = peek();
    if (t?.type === 'op' && ['=', '!=', '<', '>', '<=', '>='].includes(t.value)) {
      at++;
      return { kind: 'binary', op: t.value, left, right: sum() };
    }
    let negated = false;
    if (isKeyword(t, 'NOT') && (isKeyword(peek(1), 'LIKE') || isKeyword(peek(1), 'ILIKE'))) {
      negated = true;
      at++;
    }
    const k = peek();
    if (isKeyword(k, 'LIKE') || isKeyword(k, 'ILIKE')) {
      at++;
      const op = `${negated ? 'NOT ' : ''}${(k as Token).value.toUpperCase()}`;
      return { kind: 'binary', op, left, right: sum() };
    }
    if (isKeyword(k, 'IS')) {
      at++;
      const not = isKeyword(peek(), 'NOT');
      if (not) at++;
      if (!isKeyword(peek(), 'NULL')) fail('expected NULL after IS.');
      at++;
      return { kind: 'binary', op: not ? 'IS NOT NULL' : 'IS NULL', left, right: { kind: 'null' } };
    }
    return left;
  };
  const conjunction = (): ParsedExpr => {
    let left = comparison();
    while (isKeyword(peek(), 'AND')) {
      at++;
      left = { kind: 'binary', op: 'AND', left, right: comparison() };
    }
    return left;
  };
  function disjunction(): ParsedExpr {
    let left = conjunction();
    while (isKeyword(peek(), 'OR')) {
      at++;
      left = { kind: 'binary', op: 'OR', left, right: conjunction() };
    }
    return left;
  }

  if (tokens.length === 0) fail('it is empty.');
  const expr = disjunction();
  let alias: string | null = null;
  let direction: 'ASC' | 'DESC' | null = null;
  if (isKeyword(peek(), 'AS')) {
    at++;
    const name = tokens[at++];
    if (name?.type !== 'ident' || KEYWORDS.has(name.value.toUpperCase())) fail('expected a name after AS.');
    alias = (name as Token).value;
  }
  if (isKeyword(peek(), 'ASC') || isKeyword(peek(), 'DESC')) {
    direction = (tokens[at++] as Token).value.toUpperCase() as 'ASC' | 'DESC';
  }
  if (at !== tokens.length) fail(`unexpected "${tokens[at]?.value}".`);
  return { expr, alias, direction };
}
