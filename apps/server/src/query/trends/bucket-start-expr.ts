import type { Interval } from '@hedgerow/schema';
import type { QueryContext } from '../query-context';
import type { Expr } from '../sql/sql-ast';
import { fn, num, str } from '../sql/sql-builders';

const WEEK_MODE = { 0: 0, 1: 1 } as const;

/**
 * The local start of the interval bucket holding `ts` (a DateTime in the project's time zone; a Date
 * for weeks and months). Queries group by this and format only the resulting buckets as keys:
 * formatting the text key of every event cost more than counting them.
 */
export function bucketStartExpr(ts: Expr, interval: Interval, ctx: QueryContext): Expr {
  const local = fn('toTimeZone', ts, str(ctx.timeZone));
  return interval === 'minute'
    ? fn('toStartOfMinute', local)
    : interval === 'hour'
      ? fn('toStartOfHour', local)
      : interval === 'day'
        ? fn('toStartOfDay', local)
        : interval === 'week'
          ? fn('toStartOfWeek', local, num(WEEK_MODE[ctx.weekStartDay]))
          : fn('toStartOfMonth', local);
}
