import type { QueryParam } from '../../event-store/event-store';

/**
 * SQL as a tree. Insight planners build these nodes; `compileSql` prints them once, binding every
 * value as a `{pN:Type}` parameter and scoping every project table to the project. Nothing a user
 * sends is ever printed as SQL text: user values become `param` nodes, and names (columns, functions,
 * tables) are ours and checked when printed.
 */
export type Expr =
  | { kind: 'column'; name: string; table?: string }
  | { kind: 'param'; value: QueryParam; type: string }
  /** A number, boolean or NULL chosen by our code (e.g. 0, 1, a quantile level). */
  | { kind: 'const'; value: number | boolean | null }
  | { kind: 'call'; name: string; args: Expr[]; parameters?: Expr[]; distinct?: boolean }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'logical'; op: 'AND' | 'OR'; exprs: Expr[] }
  | { kind: 'not'; expr: Expr }
  | { kind: 'is_null'; expr: Expr; negated?: boolean }
  | { kind: 'alias'; expr: Expr; alias: string }
  | { kind: 'subquery'; query: Select }
  | { kind: 'lambda'; args: string[]; body: Expr }
  | { kind: 'tuple'; items: Expr[] }
  | { kind: 'array'; items: Expr[] }
  | { kind: 'case'; branches: { when: Expr; then: Expr }[]; else: Expr }
  | { kind: 'interval'; amount: Expr; unit: IntervalUnit }
  /** A window function over the statement's rows: `call OVER (PARTITION BY … ORDER BY …)`. */
  | { kind: 'window'; call: Expr; partitionBy?: Expr[]; orderBy?: OrderItem[] }
  | { kind: 'star' };

export type BinaryOp =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | 'IN'
  | 'NOT IN'
  | 'LIKE'
  | 'ILIKE'
  | 'NOT LIKE'
  | 'NOT ILIKE';

export interface OrderItem {
  expr: Expr;
  direction?: 'ASC' | 'DESC';
}

export type IntervalUnit = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** A table of the event store, or a subquery, with the alias it is known by. */
export type FromItem =
  | { kind: 'table'; table: string; alias: string; final?: boolean }
  | { kind: 'subquery'; query: Select | Union; alias: string };

export interface Join {
  type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'LEFT ANY' | 'INNER ANY' | 'LEFT ASOF';
  item: FromItem;
  on?: Expr;
}

export interface Select {
  kind: 'select';
  with?: { name: string; query: Select | Union }[];
  distinct?: boolean;
  select: Expr[];
  from?: FromItem;
  joins?: Join[];
  arrayJoin?: Expr;
  where?: Expr;
  groupBy?: Expr[];
  having?: Expr;
  orderBy?: OrderItem[];
  /** `LIMIT n BY …`: at most `limit` rows per distinct `by` (before the plain LIMIT). */
  limitBy?: { limit: Expr; by: Expr[] };
  limit?: Expr;
  offset?: Expr;
  /** Per-statement ClickHouse settings of ours (numbers only). */
  settings?: Record<string, number>;
}

export interface Union {
  kind: 'union';
  queries: Select[];
}
