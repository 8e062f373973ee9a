import type { InsightActorsQuery, TrendsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { QueryContext } from '../query-context';
import type { Expr, Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, fromQuery, op, or, param, select, str } from '../sql/sql-builders';
import { resolveDateRange } from '../time/resolve-date-range';
import { addUnits } from '../time/zoned-time';
import { breakdownForPeriod, prepareSeries } from '../trends/prepare-series';
import { actorExpr } from '../trends/series-math';
import { breakdownKey, normalizeBreakdown } from '../trends/trends-breakdown';
import { previousRange } from '../trends/trends-runner';
import { parseBucketDay } from './parse-bucket-day';

/**
 * The actors behind one trends data point: those with matching events of `series` in the bucket that
 * starts at `day` (the whole range for total-value displays), in the current or previous period, with
 * the `breakdown` value. For weekly/monthly active math the window before the bucket counts too; for
 * first-time math, actors whose first matching event falls in the bucket. Columns: `actor`, `event_count`.
 */
export async function trendsActorsQuery(
  insight: InsightActorsQuery,
  query: TrendsQuery,
  ctx: QueryContext,
): Promise<Select> {
  const index = insight.series ?? 0;
  const series = query.series[index];
  if (!series) throw invalidInput(`The query has no series ${index}.`, 'series');
  const interval = query.interval ?? 'day';
  const rangeContext = {
    interval,
    timeZone: ctx.timeZone,
    weekStartDay: ctx.weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  };
  let range = await resolveDateRange(query.dateRange, rangeContext);
  if (insight.compare === 'previous') range = previousRange(query, range, ctx);
  if (insight.day !== undefined && insight.day !== null) {
    const start = parseBucketDay(insight.day, ctx.timeZone);
    range = {
      from: Math.max(range.from, start),
      to: Math.min(range.to, addUnits(start, interval, 1, ctx.timeZone) - 1),
    };
  }
  const breakdown = normalizeBreakdown(query);
  const prepared = prepareSeries(query, series, breakdown, ctx);
  const { source, aggregation, inRange } = prepared;
  let where: Expr = prepared.matches;
  if (breakdown && insight.breakdown !== undefined && insight.breakdown !== null) {
    const key = str(breakdownKey(breakdown, insight.breakdown));
    const { lines } = await breakdownForPeriod(prepared, breakdown, { range }, ctx);
    where = or(...lines.map((line) => and(line.where, eq(line.bv, key))));
  }
  const actor = actorExpr(source, query.aggregation_group_type_index);
  if (aggregation.kind === 'first_time') {
    const firsts = select({
      select: [
        alias(actor, 'actor'),
        alias(fn('min', source.timestamp), 'first_time'),
        alias(fn('count'), 'event_count'),
      ],
      from: source.from,
      joins: source.joins,
      where,
      groupBy: [col('actor')],
    });
    return select({
      select: [alias(fn('toString', col('actor')), 'actor'), col('event_count')],
      from: fromQuery(firsts, 'firsts'),
      where: and(
        op('>=', col('first_time'), param(new Date(range.from), "DateTime64(6, 'UTC')")),
        op('<=', col('first_time'), param(new Date(range.to), "DateTime64(6, 'UTC')")),
      ),
    });
  }
  const from =
    aggregation.kind === 'active_window'
      ? addUnits(range.from, 'day', -(aggregation.days - 1), ctx.timeZone)
      : range.from;
  return select({
    select: [alias(fn('toString', actor), 'actor'), alias(fn('count'), 'event_count')],
    from: source.from,
    joins: source.joins,
    where: and(
      where,
      inRange(from, range.to),
      query.aggregation_group_type_index !== null && query.aggregation_group_type_index !== undefined
        ? op('!=', actor, str(''))
        : null,
    ),
    groupBy: [col('actor')],
  });
}
