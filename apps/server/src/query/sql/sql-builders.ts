import type { QueryParam } from '../../event-store/event-store';
import type { BinaryOp, Expr, FromItem, IntervalUnit, OrderItem, Select } from './sql-ast';

/** Small constructors that keep planners readable. */
export const col = (name: string, table?: string): Expr =>
  table ? { kind: 'column', name, table } : { kind: 'column', name };
export const param = (value: QueryParam, type: string): Expr => ({ kind: 'param', value, type });
export const str = (value: string): Expr => param(value, 'String');
export const num = (value: number): Expr => ({ kind: 'const', value });
export const fn = (name: string, ...args: Expr[]): Expr => ({ kind: 'call', name, args });
export const fnDistinct = (name: string, ...args: Expr[]): Expr => ({
  kind: 'call',
  name,
  args,
  distinct: true,
});
/** A parametric aggregate such as `quantile(0.9)(x)`. */
export const fnParametric = (name: string, parameters: Expr[], ...args: Expr[]): Expr => ({
  kind: 'call',
  name,
  args,
  parameters,
});
export const op = (o: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op: o, left, right });
export const eq = (left: Expr, right: Expr) => op('=', left, right);
export const and = (...exprs: (Expr | null | undefined | false)[]): Expr => {
  const kept = exprs.filter((e): e is Expr => Boolean(e));
  if (kept.length === 0) return num(1);
  if (kept.length === 1) return kept[0] as Expr;
  return { kind: 'logical', op: 'AND', exprs: kept };
};
export const or = (...exprs: (Expr | null | undefined | false)[]): Expr => {
  const kept = exprs.filter((e): e is Expr => Boolean(e));
  if (kept.length === 0) return num(0);
  if (kept.length === 1) return kept[0] as Expr;
  return { kind: 'logical', op: 'OR', exprs: kept };
};
export const not = (expr: Expr): Expr => ({ kind: 'not', expr });
export const isNull = (expr: Expr): Expr => ({ kind: 'is_null', expr });
export const isNotNull = (expr: Expr): Expr => ({ kind: 'is_null', expr, negated: true });
export const alias = (expr: Expr, name: string): Expr => ({ kind: 'alias', expr, alias: name });
export const lambda = (args: string[], body: Expr): Expr => ({ kind: 'lambda', args, body });
export const tuple = (...items: Expr[]): Expr => ({ kind: 'tuple', items });
export const array = (...items: Expr[]): Expr => ({ kind: 'array', items });
export const caseWhen = (branches: { when: Expr; then: Expr }[], otherwise: Expr): Expr => ({
  kind: 'case',
  branches,
  else: otherwise,
});
export const interval = (amount: Expr, unit: IntervalUnit): Expr => ({ kind: 'interval', amount, unit });
export const subquery = (query: Select): Expr => ({ kind: 'subquery', query });
/** A window function: `call OVER (PARTITION BY … ORDER BY …)`. */
export const over = (call: Expr, window: { partitionBy?: Expr[]; orderBy?: OrderItem[] }): Expr => ({
  kind: 'window',
  call,
  ...window,
});
export const star: Expr = { kind: 'star' };
export const table = (name: string, tableAlias: string): FromItem => ({
  kind: 'table',
  table: name,
  alias: tableAlias,
});
export const fromQuery = (query: Select, queryAlias: string): FromItem => ({
  kind: 'subquery',
  query,
  alias: queryAlias,
});
export const select = (fields: Omit<Select, 'kind'>): Select => ({ kind: 'select', ...fields });
