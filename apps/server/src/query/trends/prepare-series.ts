import type { Interval, PropertyFilterNode, SeriesNode, TrendsQuery } from '@hedgerow/schema';
import { type BreakdownProperty, breakdownJoins, breakdownNumberExpr } from '../breakdowns/breakdown-spec';
import { inCohort } from '../cohorts/cohort-members';
import { seriesExpr, seriesFilters } from '../filters/entity-expr';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { type EventsSource, eventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import {
  alias,
  and,
  col,
  fn,
  fnParametric,
  fromQuery,
  lambda,
  num,
  op,
  param,
  select,
  str,
} from '../sql/sql-builders';
import type { ResolvedDateRange } from '../time/resolve-date-range';
import { type SeriesAggregation, seriesAggregation } from './series-math';
import { type Breakdown, breakdownExpr, breakdownKey, otherKey } from './trends-breakdown';

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
      personProperties:
        breakdownJoins(breakdown).personProperties || series.math_property_type === 'person_properties',
      groups: breakdownJoins(breakdown).groups,
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
 * How one period's events split into breakdown lines: a key expression over the events (one line per
 * key) and the events that count, or for cohorts one line per cohort with its own condition.
 */
export interface PeriodBreakdown {
  lines: { bv: Expr; where: Expr }[];
}

/**
 * The breakdown of each event for one period: values (or combinations) past the limit, ranked over
 * the period, become "Other" or are left out when Other is hidden; numeric bins are cut from the
 * period's values; cohorts are each a line of their members' events.
 */
export async function breakdownForPeriod(
  prepared: PreparedSeries,
  breakdown: Breakdown,
  period: { range: ResolvedDateRange },
  ctx: QueryContext,
): Promise<PeriodBreakdown> {
  const { source, aggregation, matches, inRange } = prepared;
  if (breakdown.kind === 'cohorts') {
    return {
      lines: breakdown.cohorts.map((cohort) => ({
        bv: str(breakdownKey(breakdown, cohort)),
        where: cohort === 'all' ? matches : and(matches, inCohort(source.personId, cohort, ctx)),
      })),
    };
  }
  const inPeriod = and(matches, inRange(period.range.from, period.range.to));
  const [first] = breakdown.properties;
  if (breakdown.properties.length === 1 && first && first.histogramBins !== null) {
    const bins = await histogramBins(first, first.histogramBins, prepared, inPeriod, breakdown.limit, ctx);
    return { lines: [{ bv: binExpr(breakdownNumberExpr(first, source), bins), where: matches }] };
  }
  let bv = breakdownExpr(breakdown, source);
  let where = matches;
  const top = await topBreakdownValues(bv, aggregation, source, inPeriod, breakdown.limit, ctx);
  if (top.more) {
    const kept = param(top.values, 'Array(String)');
    if (breakdown.hideOther) where = and(matches, op('IN', bv, kept));
    else bv = fn('if', op('IN', bv, kept), bv, str(otherKey(breakdown)));
  }
  return { lines: [{ bv, where }] };
}

async function topBreakdownValues(
  bv: Expr,
  aggregation: SeriesAggregation,
  source: EventsSource,
  where: Expr,
  limit: number,
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
      limit: num(limit + 1),
    }),
  );
  return { values: rows.slice(0, limit).map((r) => r.bv), more: rows.length > limit };
}

/** A bin `[lo, hi)` of a numeric breakdown. */
interface Bin {
  lo: number;
  hi: number;
}

/** A number as Python prints a float (PostHog's bin labels): `10.0`, `40.01`. */
function pythonFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** The bin label PostHog answers, `[lo,hi]`; events in no bin get `["",""]`. */
export function binLabel(bin: Bin): string {
  return `[${pythonFloat(bin.lo)},${pythonFloat(bin.hi)}]`;
}
const NO_BIN = '["",""]';

/**
 * PostHog's numeric bins: the top `limit + 1` values by count (one row per value, not weighted),
 * their quantiles at 0, 1/n, …, 1 (levels printed with two decimals), floored to two decimals and
 * deduplicated; consecutive edges make the bins, the last one widened by 0.01 to hold the maximum.
 */
async function histogramBins(
  property: BreakdownProperty,
  count: number,
  prepared: PreparedSeries,
  where: Expr,
  limit: number,
  ctx: QueryContext,
): Promise<Bin[]> {
  const { source, aggregation } = prepared;
  const value = breakdownNumberExpr(property, source);
  const rank = aggregation.kind === 'simple' ? aggregation.value : fn('count');
  const top = select({
    select: [alias(value, 'value'), alias(rank, 'rank')],
    from: source.from,
    joins: source.joins,
    where,
    groupBy: [col('value')],
    orderBy: [
      { expr: col('rank'), direction: 'DESC' },
      { expr: col('value'), direction: 'DESC' },
    ],
    limit: num(limit + 1),
  });
  const levels =
    count <= 1 ? [0, 1] : Array.from({ length: count + 1 }, (_, i) => Number((i / count).toFixed(2)));
  const rows = await ctx.run<{ edges: number[] }>(
    select({
      select: [
        alias(
          fn(
            'arrayCompact',
            fn(
              'arrayMap',
              lambda(['x'], fn('floor', col('x'), num(2))),
              fnParametric('quantiles', levels.map(num), col('value')),
            ),
          ),
          'edges',
        ),
      ],
      from: fromQuery(top, 'top_values'),
    }),
  );
  let edges = (rows[0]?.edges ?? []).map(Number).filter(Number.isFinite);
  if (edges.length === 0) return [];
  if (edges.length === 1) edges = [edges[0] as number, edges[0] as number];
  return edges.slice(0, -1).map((lo, i) => {
    const next = edges[i + 1] as number;
    return { lo, hi: i === edges.length - 2 ? next + 0.01 : next };
  });
}

/** The bin label of each event's value (`["",""]` when it is in none). */
function binExpr(value: Expr, bins: Bin[]): Expr {
  if (bins.length === 0) return str(NO_BIN);
  const branches = bins.flatMap((bin) => [
    and(op('>=', value, param(bin.lo, 'Float64')), op('<', value, param(bin.hi, 'Float64'))),
    str(binLabel(bin)),
  ]);
  return fn('multiIf', ...branches, str(NO_BIN));
}
