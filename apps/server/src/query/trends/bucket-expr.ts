import type { Interval } from '@hedgerow/schema';
import type { QueryContext } from '../query-context';
import type { Expr } from '../sql/sql-ast';
import { fn, str } from '../sql/sql-builders';
import { bucketStartExpr } from './bucket-start-expr';

/** The local start of the interval bucket holding `ts`, as `YYYY-MM-DD hh:mm:ss` text (the bucket key). */
export function bucketExpr(ts: Expr, interval: Interval, ctx: QueryContext): Expr {
  return fn('formatDateTime', bucketStartExpr(ts, interval, ctx), str('%Y-%m-%d %H:%i:%S'));
}
