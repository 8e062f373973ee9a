import type { InsightActorsQuery, StickinessQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { QueryContext } from '../query-context';
import type { Select } from '../sql/sql-ast';
import { alias, col, eq, fn, fromQuery, op, param, select } from '../sql/sql-builders';
import { stickinessPerActor, stickinessPeriods } from '../stickiness/stickiness-runner';

/**
 * The actors behind one stickiness point: those of `series` who did it in exactly `day` periods of
 * the range (`day` or more when the insight is cumulative), in the current or `compare: previous`
 * period. Without `day`, everyone counted. Columns: `actor`, `event_count` (their periods).
 */
export async function stickinessActorsQuery(
  insight: InsightActorsQuery,
  query: StickinessQuery,
  ctx: QueryContext,
): Promise<Select> {
  const order = insight.series ?? 0;
  const series = query.series[order];
  if (!series) throw invalidInput(`The query has no series ${order}.`, 'series');
  const periods = await stickinessPeriods(query, ctx);
  const period = periods.find((p) => p.label === (insight.compare ?? 'current'));
  if (!period) throw invalidInput('compare "previous" needs a query that compares.', 'compare');
  const filter = query.stickinessFilter;
  const cumulative = filter?.computedAs === 'cumulative' || filter?.display === 'ActionsLineGraphCumulative';
  let n: number | null = null;
  if (insight.day !== undefined && insight.day !== null) {
    n = Number(insight.day);
    if (!Number.isInteger(n) || n < 1 || n > period.slots)
      throw invalidInput(`day is a number of periods, 1 to ${period.slots}; got ${insight.day}.`, 'day');
  }
  const perActor = stickinessPerActor(
    query,
    series,
    order,
    period,
    query.intervalCount ?? 1,
    filter?.stickinessCriteria,
    ctx,
  );
  const intervals = col('intervals');
  return select({
    select: [alias(fn('toString', col('actor')), 'actor'), alias(intervals, 'event_count')],
    from: fromQuery(perActor, 'per_actor'),
    where:
      n === null
        ? op('>', intervals, param(0, 'UInt64'))
        : cumulative
          ? op('>=', intervals, param(n, 'UInt64'))
          : eq(intervals, param(n, 'UInt64')),
  });
}
