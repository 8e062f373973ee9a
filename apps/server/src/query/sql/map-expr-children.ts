import type { Expr } from './sql-ast';

/**
 * `e` with `f` applied to its direct children (a subquery's statement is not a child: walk it as a
 * statement). Returns `e` itself when it has none.
 */
export function mapExprChildren(e: Expr, f: (e: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'column':
    case 'param':
    case 'const':
    case 'star':
    case 'subquery':
      return e;
    case 'call':
      return {
        ...e,
        args: e.args.map(f),
        ...(e.parameters ? { parameters: e.parameters.map(f) } : {}),
      };
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'logical':
      return { ...e, exprs: e.exprs.map(f) };
    case 'not':
    case 'is_null':
    case 'alias':
      return { ...e, expr: f(e.expr) };
    case 'lambda':
      return { ...e, body: f(e.body) };
    case 'tuple':
    case 'array':
      return { ...e, items: e.items.map(f) };
    case 'case':
      return {
        ...e,
        // biome-ignore lint/suspicious/noThenProperty: a CASE branch of the SQL tree, not a promise.
        branches: e.branches.map((b) => ({ when: f(b.when), then: f(b.then) })),
        else: f(e.else),
      };
    case 'interval':
      return { ...e, amount: f(e.amount) };
    case 'window':
      return {
        ...e,
        call: f(e.call),
        ...(e.partitionBy ? { partitionBy: e.partitionBy.map(f) } : {}),
        ...(e.orderBy ? { orderBy: e.orderBy.map((o) => ({ ...o, expr: f(o.expr) })) } : {}),
      };
  }
}
