import type { Interval, PropertyFilterNode, SeriesNode, TrendsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertiesExpr, usesPersonProperties } from '../filters/property-filter-expr';
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

function needsPersons(
  query: TrendsQuery,
  series: SeriesNode,
  breakdown: Breakdown | null,
  ctx: QueryContext,
): boolean {
  return (
    usesPersonProperties(query.properties) ||
    usesPersonProperties(series.properties) ||
    usesPersonProperties(series.fixedProperties) ||
    usesPersonProperties(testAccountFilters(query, ctx)) ||
    breakdown?.type === 'person' ||
    series.math_property_type === 'person_properties'
  );
}

function groupIndexesUsed(query: TrendsQuery, series: SeriesNode, breakdown: Breakdown | null): number[] {
  const indexes: number[] = [];
  if (breakdown?.type === 'group' && breakdown.groupIndex !== null) indexes.push(breakdown.groupIndex);
  const walk = (p: unknown) => {
    if (Array.isArray(p)) p.forEach(walk);
    else if (p && typeof p === 'object') {
      const node = p as { type?: string; group_type_index?: number | null; values?: unknown };
      if (node.type === 'group' && typeof node.group_type_index === 'number')
        indexes.push(node.group_type_index);
      if (Array.isArray(node.values)) node.values.forEach(walk);
    }
  };
  walk(query.properties);
  walk(series.properties);
  return indexes;
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
  if (series.kind === 'ActionsNode') throw invalidInput('Action series are not supported yet.', 'series');
  const interval = query.interval ?? 'day';
  const source = eventsSource({
    personProperties: needsPersons(query, series, breakdown, ctx),
    groups: groupIndexesUsed(query, series, breakdown),
  });
  const aggregation = seriesAggregation(series, source, {
    groupIndex: query.aggregation_group_type_index,
    interval,
  });
  const matches = and(
    series.event ? eq(source.column('event'), str(series.event)) : null,
    propertiesExpr(series.properties, source.properties),
    propertiesExpr(series.fixedProperties, source.properties),
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
