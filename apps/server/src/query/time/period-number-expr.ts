import type { Interval } from '@hedgerow/schema';
import type { Expr } from '../sql/sql-ast';
import { fn, num, str } from '../sql/sql-builders';

/**
 * The interval of `ts` in the project's calendar as a whole number (Int64): consecutive intervals get
 * consecutive numbers, so "the previous interval" is `n - 1` and "k intervals before the end" is a
 * subtraction. Integers instead of bucket start times keep that arithmetic exact across DST changes,
 * in zones whose hours start at :30, and for weeks starting on either day. The same expression
 * applied to a bound instant (a range's start or end) gives the number to compare with.
 */
export function periodNumberExpr(ts: Expr, interval: Interval, timeZone: string, weekStartDay: 0 | 1): Expr {
  const zone = str(timeZone);
  const localDate = fn('toDate', ts, zone);
  switch (interval) {
    case 'minute':
      return fn('toInt64', fn('intDiv', fn('toUnixTimestamp', ts), num(60)));
    case 'hour':
      // Local hour starts are 3600 s apart even where the zone is offset by half an hour.
      return fn(
        'toInt64',
        fn('intDiv', fn('toUnixTimestamp', fn('toStartOfHour', fn('toTimeZone', ts, zone))), num(3600)),
      );
    case 'day':
      return fn('toInt64', fn('toRelativeDayNum', localDate));
    case 'week':
      // Week starts are 7 days apart; dividing their day number by 7 numbers them consecutively.
      return fn(
        'toInt64',
        fn('intDiv', fn('toRelativeDayNum', fn('toStartOfWeek', localDate, num(weekStartDay))), num(7)),
      );
    case 'month':
      return fn('toInt64', fn('toRelativeMonthNum', localDate));
  }
}
