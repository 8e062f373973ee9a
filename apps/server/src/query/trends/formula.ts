import { invalidInput } from '../../http/api-error';

type Node =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; index: number }
  | { kind: 'neg'; expr: Node }
  | { kind: 'bin'; op: '+' | '-' | '*' | '/'; left: Node; right: Node };

/**
 * A trends formula such as `A+2*B` or `(A-B)/A*100`: letters name series in order (A is the first),
 * with numbers, + - * /, parentheses and unary minus. Parsed, never evaluated as code.
 */
export class Formula {
  private constructor(
    private readonly root: Node,
    readonly text: string,
  ) {}

  static parse(text: string, seriesCount: number): Formula {
    const tokens = text.replace(/\s+/g, '').match(/\d+(?:\.\d+)?|[A-Za-z]|[()+\-*/]|./g) ?? [];
    let at = 0;
    const fail = (why: string): never => {
      throw invalidInput(`Formula "${text}": ${why}`, 'formula');
    };
    const peek = () => tokens[at];
    const primary = (): Node => {
      const t = tokens[at++];
      if (t === undefined) return fail('ends too early.');
      if (/^\d/.test(t)) return { kind: 'num', value: Number(t) };
      if (/^[A-Za-z]$/.test(t)) {
        const index = t.toUpperCase().charCodeAt(0) - 65;
        if (index >= seriesCount) fail(`"${t}" names a series that does not exist.`);
        return { kind: 'ref', index };
      }
      if (t === '(') {
        const inner = sum();
        if (tokens[at++] !== ')') fail('a parenthesis is not closed.');
        return inner;
      }
      if (t === '-') return { kind: 'neg', expr: primary() };
      return fail(`unexpected "${t}".`);
    };
    const product = (): Node => {
      let left = primary();
      while (peek() === '*' || peek() === '/') {
        const op = tokens[at++] as '*' | '/';
        left = { kind: 'bin', op, left, right: primary() };
      }
      return left;
    };
    const sum = (): Node => {
      let left = product();
      while (peek() === '+' || peek() === '-') {
        const op = tokens[at++] as '+' | '-';
        left = { kind: 'bin', op, left, right: product() };
      }
      return left;
    };
    if (tokens.length === 0) fail('it is empty.');
    const root = sum();
    if (at !== tokens.length) fail(`unexpected "${tokens[at]}".`);
    return new Formula(root, text);
  }

  /** The formula at one point; a division by zero gives 0, as PostHog shows it. */
  evaluate(values: readonly number[]): number {
    const walk = (n: Node): number => {
      switch (n.kind) {
        case 'num':
          return n.value;
        case 'ref':
          return values[n.index] ?? 0;
        case 'neg':
          return -walk(n.expr);
        case 'bin': {
          const l = walk(n.left);
          const r = walk(n.right);
          if (n.op === '+') return l + r;
          if (n.op === '-') return l - r;
          if (n.op === '*') return l * r;
          return r === 0 ? 0 : l / r;
        }
      }
    };
    const result = walk(this.root);
    return Number.isFinite(result) ? result : 0;
  }
}
