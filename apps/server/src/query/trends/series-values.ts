import type { Interval, PropertyFilterNode, SeriesNode, TrendsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertiesExpr, usesPersonProperties } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { type EventsSource, eventsSource } from '../sources/events-source';
import type { Expr, Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, fromQuery, lambda, num, op, param, select, str } from '../sql/sql-builders';
import type { ResolvedDateRange } from '../time/resolve-date-range';
import { addUnits, formatLocal } from '../time/zoned-time';
import { type SeriesAggregation, seriesAggregation } from './series-math';
import { BREAKDOWN_OTHER, type Breakdown, breakdownExpr } from './trends-breakdown';

/** One period of a trends query (current or previous) with its bucket starts. */
export interface Period {
  label: 'current' | 'previous';
  range: ResolvedDateRange;
  buckets: number[];
}

/** One line of a result before labels: a breakdown value and its points (or its single total). */
export interface SeriesValues {
  breakdownValue: string | null;
  data: number[];
  aggregated: number;
}

const WEEK_MODE = { 0: 0, 1: 1 } as const;

function bucketExpr(ts: Expr, interval: Interval, ctx: QueryContext): Expr {
  const local = fn('toTimeZone', ts, str(ctx.timeZone));
  const start =
    interval === 'minute'
      ? fn('toStartOfMinute', local)
      : interval === 'hour'
        ? fn('toStartOfHour', local)
        : interval === 'day'
          ? fn('toStartOfDay', local)
          : interval === 'week'
            ? fn('toStartOfWeek', local, num(WEEK_MODE[ctx.weekStartDay]))
            : fn('toStartOfMonth', local);
  return fn('formatDateTime', start, str('%Y-%m-%d %H:%i:%S'));
}

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

/**
 * The values of one series in one period: one line per breakdown value (limited, with "Other"),
 * per bucket or as one total, computed in the event store.
 */
export async function computeSeries(
  query: TrendsQuery,
  series: SeriesNode,
  period: Period,
  breakdown: Breakdown | null,
  totalValue: boolean,
  ctx: QueryContext,
): Promise<SeriesValues[]> {
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

  if (!breakdown) {
    const rows = await runAggregation(
      aggregation,
      source,
      matches,
      null,
      period,
      totalValue,
      interval,
      inRange,
      ctx,
    );
    return collect(rows, period, totalValue, ctx, false);
  }
  // Rank values over the period; those past the limit become "Other" (or are hidden).
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
  const rows = await runAggregation(
    aggregation,
    source,
    where,
    bv,
    period,
    totalValue,
    interval,
    inRange,
    ctx,
  );
  return collect(rows, period, totalValue, ctx, true);
}

interface AggregateRow {
  bucket: string;
  bv: string;
  value: number | null;
  [key: string]: unknown;
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

async function runAggregation(
  aggregation: SeriesAggregation,
  source: EventsSource,
  matches: Expr,
  bv: Expr | null,
  period: Period,
  totalValue: boolean,
  interval: Interval,
  inRange: (from: number, to: number) => Expr,
  ctx: QueryContext,
): Promise<AggregateRow[]> {
  const bucket = totalValue ? str('') : bucketExpr(source.timestamp, interval, ctx);
  const bvField = bv ?? str('');
  const where = and(matches, inRange(period.range.from, period.range.to));
  const plain = (value: Expr): Select =>
    select({
      select: [alias(bucket, 'bucket'), alias(bvField, 'bv'), alias(value, 'value')],
      from: source.from,
      joins: source.joins,
      where,
      groupBy: [col('bucket'), col('bv')],
    });
  switch (aggregation.kind) {
    case 'simple':
      return ctx.run<AggregateRow>(plain(aggregation.value));
    case 'per_actor': {
      const inner = select({
        select: [
          alias(bucket, 'bucket'),
          alias(bvField, 'bv'),
          alias(aggregation.actor, 'actor'),
          alias(fn('count'), 'c'),
        ],
        from: source.from,
        joins: source.joins,
        where,
        groupBy: [col('bucket'), col('bv'), col('actor')],
      });
      return ctx.run<AggregateRow>(
        select({
          select: [col('bucket'), col('bv'), alias(aggregation.outer(col('c')), 'value')],
          from: fromQuery(inner, 'per_actor'),
          groupBy: [col('bucket'), col('bv')],
        }),
      );
    }
    case 'active_window': {
      if (totalValue) return ctx.run<AggregateRow>(plain(fn('uniqExact', aggregation.actor)));
      const hourly = interval === 'hour';
      const step = hourly ? 'toStartOfHour' : 'toStartOfDay';
      const span = hourly ? aggregation.days * 24 : aggregation.days;
      const lookback = addUnits(period.range.from, hourly ? 'hour' : 'day', -(span - 1), ctx.timeZone);
      const inner = select({
        select: [
          alias(aggregation.actor, 'actor'),
          alias(fn(step, fn('toTimeZone', source.timestamp, str(ctx.timeZone))), 'slot'),
          alias(bvField, 'bv'),
        ],
        from: source.from,
        joins: source.joins,
        where: and(matches, inRange(lookback, period.range.to)),
        groupBy: [col('actor'), col('slot'), col('bv')],
      });
      const shift = hourly ? 'addHours' : 'addDays';
      // The range starts on a bucket boundary, so local bucket keys compare as text.
      const first = formatLocal(period.range.from, ctx.timeZone);
      const last = formatLocal(period.range.to, ctx.timeZone);
      const bucketOf = fn('formatDateTime', col('covered'), str('%Y-%m-%d %H:%i:%S'));
      return ctx.run<AggregateRow>(
        select({
          select: [alias(bucketOf, 'bucket'), col('bv'), alias(fn('uniqExact', col('actor')), 'value')],
          from: fromQuery(inner, 'active'),
          arrayJoin: alias(
            fn('arrayMap', lambda(['i'], fn(shift, col('slot'), col('i'))), fn('range', num(span))),
            'covered',
          ),
          where: and(
            op(
              '>=',
              bucketOf,
              str(
                first
                  .slice(0, hourly ? 13 : 10)
                  .padEnd(19, hourly ? ':00:00' : ' 00:00:00')
                  .slice(0, 19),
              ),
            ),
            op('<=', bucketOf, str(last)),
          ),
          groupBy: [col('bucket'), col('bv')],
        }),
      );
    }
    case 'first_time': {
      const firsts = select({
        select: [
          alias(aggregation.actor, 'actor'),
          alias(fn('min', source.timestamp), 'first_time'),
          alias(fn('argMin', bvField, source.timestamp), 'bv'),
        ],
        from: source.from,
        joins: source.joins,
        where: matches,
        groupBy: [col('actor')],
      });
      const firstBucket = totalValue ? str('') : bucketExpr(col('first_time'), interval, ctx);
      return ctx.run<AggregateRow>(
        select({
          select: [alias(firstBucket, 'bucket'), col('bv'), alias(fn('count'), 'value')],
          from: fromQuery(firsts, 'firsts'),
          where: and(
            op('>=', col('first_time'), param(new Date(period.range.from), "DateTime64(6, 'UTC')")),
            op('<=', col('first_time'), param(new Date(period.range.to), "DateTime64(6, 'UTC')")),
          ),
          groupBy: [col('bucket'), col('bv')],
        }),
      );
    }
  }
}

/** Rows into one line per breakdown value (zeros for empty buckets), largest total first, "Other" last. */
function collect(
  rows: AggregateRow[],
  period: Period,
  totalValue: boolean,
  ctx: QueryContext,
  byBreakdown: boolean,
): SeriesValues[] {
  const keys = period.buckets.map((b) => formatLocal(b, ctx.timeZone));
  const index = new Map(keys.map((k, i) => [k, i]));
  const byValue = new Map<string, SeriesValues>();
  const value = (v: number | null) => (v === null || !Number.isFinite(v) ? 0 : Number(v));
  for (const row of rows) {
    const key = byBreakdown ? row.bv : '';
    let entry = byValue.get(key);
    if (!entry) {
      entry = {
        breakdownValue: byBreakdown ? row.bv : null,
        data: keys.map(() => 0),
        aggregated: 0,
      };
      byValue.set(key, entry);
    }
    if (totalValue) entry.aggregated = value(row.value);
    else {
      const i = index.get(row.bucket);
      if (i !== undefined) entry.data[i] = value(row.value);
    }
  }
  if (!byBreakdown) {
    return [byValue.get('') ?? { breakdownValue: null, data: keys.map(() => 0), aggregated: 0 }];
  }
  const list = [...byValue.values()];
  const total = (v: SeriesValues) => (totalValue ? v.aggregated : v.data.reduce((a, b) => a + b, 0));
  list.sort((a, b) => {
    if (a.breakdownValue === BREAKDOWN_OTHER) return 1;
    if (b.breakdownValue === BREAKDOWN_OTHER) return -1;
    const d = total(b) - total(a);
    return d !== 0 ? d : String(a.breakdownValue).localeCompare(String(b.breakdownValue));
  });
  return list;
}
