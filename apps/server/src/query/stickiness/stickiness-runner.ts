import type { Interval, SeriesNode, StickinessCriteria, StickinessQuery } from '@hedgerow/schema';
import { entityName, seriesEntity } from '../filters/entity-expr';
import type { QueryContext } from '../query-context';
import { seriesEvents } from '../sources/series-events';
import type { Expr, Select } from '../sql/sql-ast';
import { alias, and, col, fn, fromQuery, op, param, select, str } from '../sql/sql-builders';
import { compareRange } from '../time/compare-range';
import { periodNumberExpr } from '../time/period-number-expr';
import { bucketStarts, type ResolvedDateRange, resolveDateRange } from '../time/resolve-date-range';

export interface StickinessResult {
  action: { order: number; type: 'events' | 'actions'; name: string; id: string | number | null };
  label: string;
  /** Actors with at least one counted interval (the same whether or not `data` is cumulative). */
  count: number;
  /** `data[n-1]`: actors active in exactly n periods (cumulative: in n or more). */
  data: number[];
  /** 1..N */
  days: number[];
  labels: string[];
  compare?: boolean;
  compare_label?: 'current' | 'previous';
}

export interface StickinessPeriod {
  label: 'current' | 'previous';
  range: ResolvedDateRange;
  /** Number of periods of `intervalCount` intervals in the range. */
  slots: number;
}

const instant = (ms: number): Expr => param(new Date(ms), "DateTime64(6, 'UTC')");
const CRITERIA_OPERATORS = { gte: '>=', lte: '<=', exact: '=' } as const;

/**
 * `StickinessQuery` (INSIGHTS.md §6). Per series and period, one scan of the matching events: events
 * are grouped per actor and per period of `intervalCount` intervals counted back from the range's
 * last interval (in the project's calendar), a period counts when the actor's events in it meet
 * `stickinessCriteria`, and actors are then counted by how many periods they have.
 */
export async function runStickinessQuery(
  query: StickinessQuery,
  ctx: QueryContext,
): Promise<StickinessResult[]> {
  const interval = query.interval ?? 'day';
  const intervalCount = query.intervalCount ?? 1;
  const periods = await stickinessPeriods(query, ctx);
  const comparing = query.compareFilter?.compare === true;
  const filter = query.stickinessFilter;
  const cumulative = filter?.computedAs === 'cumulative' || filter?.display === 'ActionsLineGraphCumulative';

  const results: StickinessResult[] = [];
  for (const [order, series] of query.series.entries()) {
    for (const period of periods) {
      const rows = await ctx.run<{ intervals: number; actors: number }>(
        stickinessSql(query, series, order, period, intervalCount, filter?.stickinessCriteria, ctx),
      );
      const exact = Array.from({ length: period.slots }, () => 0);
      for (const row of rows) {
        const n = Number(row.intervals);
        if (n >= 1 && n <= exact.length) exact[n - 1] = Number(row.actors);
      }
      const data = cumulative ? exact.map((_, i) => sum(exact.slice(i))) : exact;
      const entity = seriesEntity(series);
      const name = entityName(entity, ctx, `series__${order}`);
      results.push({
        action: {
          order,
          type: 'actionId' in entity ? 'actions' : 'events',
          name,
          id: 'actionId' in entity ? entity.actionId : entity.event,
        },
        label: name,
        count: sum(exact),
        data,
        days: exact.map((_, i) => i + 1),
        labels: exact.map((_, i) => periodLabel(i + 1, interval, cumulative)),
        ...(comparing ? { compare: true, compare_label: period.label } : {}),
      });
    }
  }
  return results;
}

/** The current period of the query and, when comparing, the previous one. */
export async function stickinessPeriods(
  query: StickinessQuery,
  ctx: QueryContext,
): Promise<StickinessPeriod[]> {
  const interval = query.interval ?? 'day';
  const intervalCount = query.intervalCount ?? 1;
  const { timeZone, weekStartDay } = ctx;
  const current = await resolveDateRange(query.dateRange, {
    interval,
    timeZone,
    weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  });
  const slots = (range: ResolvedDateRange) =>
    Math.ceil(bucketStarts(range, interval, timeZone, weekStartDay).length / intervalCount);
  const periods: StickinessPeriod[] = [{ label: 'current', range: current, slots: slots(current) }];
  if (query.compareFilter?.compare === true) {
    const previous = compareRange(current, query.compareFilter?.compare_to, interval, ctx);
    periods.push({ label: 'previous', range: previous, slots: slots(previous) });
  }
  return periods;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** PostHog's labels: `1 day`, `2 days`, `3 weeks or more`, … (the interval, even when several form a period). */
function periodLabel(n: number, interval: Interval, cumulative: boolean): string {
  return `${n} ${interval}${n === 1 ? '' : 's'}${cumulative ? ' or more' : ''}`;
}

function stickinessSql(
  query: StickinessQuery,
  series: SeriesNode,
  order: number,
  period: StickinessPeriod,
  intervalCount: number,
  criteria: StickinessCriteria | null | undefined,
  ctx: QueryContext,
): Select {
  return select({
    select: [col('intervals'), alias(fn('count'), 'actors')],
    from: fromQuery(
      stickinessPerActor(query, series, order, period, intervalCount, criteria, ctx),
      'per_actor',
    ),
    groupBy: [col('intervals')],
  });
}

/**
 * Per actor of one series, in one period of the query: `actor` and `intervals`, the number of periods
 * of `intervalCount` intervals in which the actor's events met the criteria.
 */
export function stickinessPerActor(
  query: StickinessQuery,
  series: SeriesNode,
  order: number,
  period: StickinessPeriod,
  intervalCount: number,
  criteria: StickinessCriteria | null | undefined,
  ctx: QueryContext,
): Select {
  const interval = query.interval ?? 'day';
  const { source, matches } = seriesEvents(
    {
      series,
      properties: query.properties,
      filterTestAccounts: query.filterTestAccounts,
      field: `query__series__${order}`,
    },
    ctx,
  );
  const groupIndex = series.math === 'unique_group' ? series.math_group_type_index : null;
  const actor =
    groupIndex === null || groupIndex === undefined ? source.personId : col(`$group_${groupIndex}`, 'e');
  const periodOf = (ts: Expr) => periodNumberExpr(ts, interval, ctx.timeZone, ctx.weekStartDay);
  // Periods are counted back from the last interval, so with intervalCount > 1 a partial period falls
  // at the start of the range, as in PostHog.
  const slot = fn(
    'intDiv',
    op('-', periodOf(instant(period.range.to)), periodOf(source.timestamp)),
    param(intervalCount, 'Int64'),
  );
  const where = and(
    matches,
    op('>=', source.timestamp, instant(period.range.from)),
    op('<=', source.timestamp, instant(period.range.to)),
    groupIndex === null || groupIndex === undefined ? null : op('!=', actor, str('')),
  );
  // Without criteria a period counts as soon as it has an event: each actor's distinct periods, in
  // one aggregation instead of a row per actor and period first.
  return criteria
    ? select({
        select: [col('actor'), alias(fn('count'), 'intervals')],
        from: fromQuery(
          select({
            select: [alias(actor, 'actor'), alias(slot, 'slot')],
            from: source.from,
            joins: source.joins,
            where,
            groupBy: [col('actor'), col('slot')],
            having: op(CRITERIA_OPERATORS[criteria.operator], fn('count'), param(criteria.value, 'UInt64')),
          }),
          'slots',
        ),
        groupBy: [col('actor')],
      })
    : select({
        select: [alias(actor, 'actor'), alias(fn('uniqExact', slot), 'intervals')],
        from: source.from,
        joins: source.joins,
        where,
        groupBy: [col('actor')],
      });
}
