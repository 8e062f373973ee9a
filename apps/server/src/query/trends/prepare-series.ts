import type { Interval, PropertyFilterNode, SeriesNode, TrendsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { seriesExpr, seriesFilters } from '../filters/entity-expr';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { type EventsSource, eventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { alias, and, col, eq, fn, num, op, param, select, str } from '../sql/sql-builders';
import type { ResolvedDateRange } from '../time/resolve-date-range';
import { type SeriesAggregation, seriesAggregation } from './series-math';
import { BREAKDOWN_OTHER, type Breakdown, breakdownExpr } from './trends-breakdown';

function testAccountFilters(query: TrendsQuery, ctx: QueryContext): PropertyFilterNode[] {
  return query.filterTestAccounts ? ctx.testAccountFilters : [];
}

/** What every computation over a series' events needs: the source, the math, and which events match. */
export interface PreparedSeries {
  source: EventsSource;
  aggregation: SeriesAggregation;
  /** The series' event, its filters, the query's filters and test-account filters (no time range). */
  matches: Expr;
  interval: Interval;
  inRange: (from: number, to: number) => Expr;
}

export function prepareSeries(
  query: TrendsQuery,
  series: SeriesNode,
  breakdown: Breakdown | null,
  ctx: QueryContext,
): PreparedSeries {
  const interval = query.interval ?? 'day';
  const source = eventsSource(
    {
      filters: [...seriesFilters(series, ctx, 'series'), query.properties, testAccountFilters(query, ctx)],
      personProperties: breakdown?.type === 'person' || series.math_property_type === 'person_properties',
      groups: breakdown?.type === 'group' && breakdown.groupIndex !== null ? [breakdown.groupIndex] : [],
    },
    ctx,
  );
  const aggregation = seriesAggregation(series, source, {
    groupIndex: query.aggregation_group_type_index,
    interval,
  });
  const matches = and(
    seriesExpr(series, source.properties, ctx, 'series'),
    propertiesExpr(query.properties, source.properties),
    propertiesExpr(testAccountFilters(query, ctx), source.properties),
  );
  const inRange = (from: number, to: number) =>
    and(
      op('>=', source.timestamp, param(new Date(from), "DateTime64(6, 'UTC')")),
      op('<=', source.timestamp, param(new Date(to), "DateTime64(6, 'UTC')")),
    );
  return { source, aggregation, matches, interval, inRange };
}

/**
 * The breakdown value of each event for one period: values past the limit (ranked over the period)
 * become "Other", or are filtered out when Other is hidden.
 */
export async function breakdownForPeriod(
  prepared: PreparedSeries,
  breakdown: Breakdown,
  period: { range: ResolvedDateRange },
  ctx: QueryContext,
): Promise<{ bv: Expr; where: Expr }> {
  const { source, aggregation, matches, inRange } = prepared;
  let bv = breakdownExpr(breakdown, source);
  let where = matches;
  const top = await topBreakdownValues(
    bv,
    aggregation,
    source,
    and(matches, inRange(period.range.from, period.range.to)),
    breakdown,
    ctx,
  );
  if (top.more) {
    const kept = param(top.values, 'Array(String)');
    if (breakdown.hideOther) where = and(matches, op('IN', bv, kept));
    else bv = fn('if', op('IN', bv, kept), bv, str(BREAKDOWN_OTHER));
  }
  return { bv, where };
}

async function topBreakdownValues(
  bv: Expr,
  aggregation: SeriesAggregation,
  source: EventsSource,
  where: Expr,
  breakdown: Breakdown,
  ctx: QueryContext,
): Promise<{ values: string[]; more: boolean }> {
  const rank = aggregation.kind === 'simple' ? aggregation.value : fn('count');
  const rows = await ctx.run<{ bv: string; value: number }>(
    select({
      select: [alias(bv, 'bv'), alias(rank, 'value')],
      from: source.from,
      joins: source.joins,
      where,
      groupBy: [col('bv')],
      orderBy: [
        { expr: col('value'), direction: 'DESC' },
        { expr: col('bv'), direction: 'ASC' },
      ],
      limit: num(breakdown.limit + 1),
    }),
  );
  return { values: rows.slice(0, breakdown.limit).map((r) => r.bv), more: rows.length > breakdown.limit };
}
