import type { Interval } from '@hedgerow/schema';
import type { QueryContext } from '../query-context';
import type { Expr } from '../sql/sql-ast';
import { fn, num, str } from '../sql/sql-builders';

const WEEK_MODE = { 0: 0, 1: 1 } as const;

/** The local start of the interval bucket holding `ts`, as `YYYY-MM-DD hh:mm:ss` text (the bucket key). */
export function bucketExpr(ts: Expr, interval: Interval, ctx: QueryContext): Expr {
  const local = fn('toTimeZone', ts, str(ctx.timeZone));
  const start =
    interval === 'minute'
      ? fn('toStartOfMinute', local)
      : interval === 'hour'
        ? fn('toStartOfHour', local)
        : interval === 'day'
          ? fn('toStartOfDay', local)
          : interval === 'week'
            ? fn('toStartOfWeek', local, num(WEEK_MODE[ctx.weekStartDay]))
            : fn('toStartOfMonth', local);
  return fn('formatDateTime', start, str('%Y-%m-%d %H:%i:%S'));
}
