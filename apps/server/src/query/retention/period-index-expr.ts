import type { Expr } from '../sql/sql-ast';
import { op, param } from '../sql/sql-builders';
import { periodNumberExpr } from '../time/period-number-expr';
import type { RetentionPeriods } from './retention-periods';

/**
 * The 0-based cohort period an instant falls in, counted from the first period of the range (Int64;
 * negative before it, ≥ the number of cohorts after it): the difference of the two instants' period
 * numbers in the project calendar (see periodNumberExpr), exact across DST changes and half-hour zones.
 */
export function periodIndexExpr(
  ts: Expr,
  periods: RetentionPeriods,
  timeZone: string,
  weekStartDay: 0 | 1,
): Expr {
  const first = param(new Date(periods.from), "DateTime64(6, 'UTC')");
  return op(
    '-',
    periodNumberExpr(ts, periods.unit, timeZone, weekStartDay),
    periodNumberExpr(first, periods.unit, timeZone, weekStartDay),
  );
}
