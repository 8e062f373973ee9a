import type { Expr } from '../sql/sql-ast';
import { fn, num, op, param, str } from '../sql/sql-builders';
import { formatLocal } from '../time/zoned-time';
import type { RetentionPeriods } from './retention-periods';

/**
 * The 0-based cohort period an instant falls in, counted from the first period of the range (Int64;
 * negative before it, ≥ the number of cohorts after it). Days, weeks and months are counted on the
 * local calendar date, so DST changes and zones offset by half hours cannot shift an event into a
 * neighbouring period; hours are absolute, 3600 s apart from the first period's start.
 */
export function periodIndexExpr(
  ts: Expr,
  periods: RetentionPeriods,
  timeZone: string,
  weekStartDay: 0 | 1,
): Expr {
  if (periods.unit === 'hour') {
    // Both are local hour starts, 3600 s apart even in zones offset by half an hour, so the division
    // is exact (intDiv rounds towards zero, which would put the hour before the range in period 0).
    const fromSeconds = param(Math.floor(periods.from / 1000), 'Int64');
    const hourStart = fn('toUnixTimestamp', fn('toStartOfHour', fn('toTimeZone', ts, str(timeZone))));
    return fn('intDiv', op('-', fn('toInt64', hourStart), fromSeconds), num(3600));
  }
  const localDate = fn('toDate', ts, str(timeZone));
  // The first period's local date; relative day and month numbers share an origin, so they subtract.
  const fromDate = param(formatLocal(periods.from, timeZone).slice(0, 10), 'Date');
  switch (periods.unit) {
    case 'day':
      return op(
        '-',
        fn('toInt64', fn('toRelativeDayNum', localDate)),
        fn('toInt64', fn('toRelativeDayNum', fromDate)),
      );
    case 'week':
      // Both are week starts, so their distance in days is an exact multiple of 7.
      return fn(
        'intDiv',
        op(
          '-',
          fn('toInt64', fn('toRelativeDayNum', fn('toStartOfWeek', localDate, num(weekStartDay)))),
          fn('toInt64', fn('toRelativeDayNum', fromDate)),
        ),
        num(7),
      );
    case 'month':
      return op(
        '-',
        fn('toInt64', fn('toRelativeMonthNum', localDate)),
        fn('toInt64', fn('toRelativeMonthNum', fromDate)),
      );
  }
}
