import type { Interval, SeriesNode, TrendsQuery } from '@hedgerow/schema';
import type { QueryContext } from '../query-context';
import type { EventsSource } from '../sources/events-source';
import type { Expr, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  col,
  fn,
  fromQuery,
  lambda,
  num,
  op,
  over,
  param,
  select,
  str,
} from '../sql/sql-builders';
import type { ResolvedDateRange } from '../time/resolve-date-range';
import { addUnits, formatLocal } from '../time/zoned-time';
import { bucketStartExpr } from './bucket-start-expr';
import { breakdownForPeriod, type PreparedSeries, prepareSeries } from './prepare-series';
import type { SeriesAggregation } from './series-math';
import { type Breakdown, breakdownExpr, otherKey } from './trends-breakdown';

/** How bucket keys are written (as bucketExpr writes them): the bucket's local start. */
const BUCKET_KEY_FORMAT = '%Y-%m-%d %H:%i:%S';

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
  const prepared = prepareSeries(query, series, breakdown, ctx);
  const { aggregation, source, matches, interval, inRange } = prepared;
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
    return collect(rows, period, totalValue, ctx, null);
  }
  if (
    breakdown.kind === 'properties' &&
    breakdown.properties.every((p) => p.histogramBins === null) &&
    (series.math ?? 'total') === 'total'
  ) {
    const rows = await ctx.run<AggregateRow>(rankedCounts(prepared, breakdown, period, totalValue, ctx));
    return collect(rows, period, totalValue, ctx, otherKey(breakdown));
  }
  const { lines } = await breakdownForPeriod(prepared, breakdown, period, ctx);
  const rows: AggregateRow[] = [];
  for (const { bv, where } of lines) {
    rows.push(
      ...(await runAggregation(aggregation, source, where, bv, period, totalValue, interval, inRange, ctx)),
    );
  }
  return collect(rows, period, totalValue, ctx, otherKey(breakdown));
}

/**
 * A count broken down by properties, in one scan of the events: counts per bucket and value, each
 * value ranked by its total over the period (then by value, as topBreakdownValues ranks them) with
 * window functions over the grouped rows, and the values past the limit merged into Other (or left
 * out) by adding their counts. Counts add up across buckets, so this answers what ranking the values
 * first and counting them after does, without reading the events twice.
 */
function rankedCounts(
  prepared: PreparedSeries,
  breakdown: Breakdown & { kind: 'properties' },
  period: Period,
  totalValue: boolean,
  ctx: QueryContext,
): Select {
  const { source, matches, interval, inRange } = prepared;
  const start = totalValue ? null : bucketStartExpr(source.timestamp, interval, ctx);
  const grouped = select({
    select: [
      alias(start ?? str(''), 'bucket_start'),
      alias(breakdownExpr(breakdown, source), 'value_key'),
      alias(fn('count'), 'n'),
    ],
    from: source.from,
    joins: source.joins,
    where: and(matches, inRange(period.range.from, period.range.to)),
    groupBy: [col('bucket_start'), col('value_key')],
  });
  const totals = select({
    select: [
      col('bucket_start'),
      col('value_key'),
      col('n'),
      alias(over(fn('sum', col('n')), { partitionBy: [col('value_key')] }), 'key_total'),
    ],
    from: fromQuery(grouped, 'grouped'),
  });
  const ranked = select({
    select: [
      col('bucket_start'),
      col('value_key'),
      col('n'),
      alias(
        over(fn('dense_rank'), {
          orderBy: [
            { expr: col('key_total'), direction: 'DESC' },
            { expr: col('value_key'), direction: 'ASC' },
          ],
        }),
        'key_rank',
      ),
    ],
    from: fromQuery(totals, 'totals'),
  });
  const kept = op('<=', col('key_rank'), param(breakdown.limit, 'UInt64'));
  return select({
    select: [
      alias(bucketKey(start ? col('bucket_start') : null), 'bucket'),
      alias(
        breakdown.hideOther ? col('value_key') : fn('if', kept, col('value_key'), str(otherKey(breakdown))),
        'bv',
      ),
      alias(fn('sum', col('n')), 'value'),
    ],
    from: fromQuery(ranked, 'ranked'),
    ...(breakdown.hideOther ? { where: kept } : {}),
    groupBy: [col('bucket_start'), col('bv')],
  });
}

/** A bucket's text key from its start (grouped on), or '' for a total. */
function bucketKey(bucketStart: Expr | null): Expr {
  return bucketStart ? fn('formatDateTime', bucketStart, str(BUCKET_KEY_FORMAT)) : str('');
}

interface AggregateRow {
  bucket: string;
  bv: string;
  value: number | null;
  [key: string]: unknown;
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
  // Rows are grouped by their bucket's start; only the grouped buckets are formatted as text keys.
  const start = totalValue ? null : bucketStartExpr(source.timestamp, interval, ctx);
  const keyOf = bucketKey;
  const bvField = bv ?? str('');
  const where = and(matches, inRange(period.range.from, period.range.to));
  const plain = (value: Expr): Select =>
    select({
      select: [alias(keyOf(start), 'bucket'), alias(bvField, 'bv'), alias(value, 'value')],
      from: source.from,
      joins: source.joins,
      where,
      groupBy: [start ?? col('bucket'), col('bv')],
    });
  switch (aggregation.kind) {
    case 'simple':
      return ctx.run<AggregateRow>(plain(aggregation.value));
    case 'per_actor': {
      const inner = select({
        select: [
          alias(start ?? str(''), 'bucket_start'),
          alias(bvField, 'bv'),
          alias(aggregation.actor, 'actor'),
          alias(fn('count'), 'c'),
        ],
        from: source.from,
        joins: source.joins,
        where,
        groupBy: [col('bucket_start'), col('bv'), col('actor')],
      });
      return ctx.run<AggregateRow>(
        select({
          select: [
            alias(keyOf(start ? col('bucket_start') : null), 'bucket'),
            col('bv'),
            alias(aggregation.outer(col('c')), 'value'),
          ],
          from: fromQuery(inner, 'per_actor'),
          groupBy: [col('bucket_start'), col('bv')],
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
      // `covered` is the local start of a day (hour) the actor counts in; the range starts on a bucket
      // boundary, so comparing instants keeps exactly the buckets of the range, and only the kept
      // buckets are formatted as keys.
      const covered = col('covered');
      return ctx.run<AggregateRow>(
        select({
          select: [
            alias(fn('formatDateTime', covered, str(BUCKET_KEY_FORMAT)), 'bucket'),
            col('bv'),
            alias(fn('uniqExact', col('actor')), 'value'),
          ],
          from: fromQuery(inner, 'active'),
          arrayJoin: alias(
            fn('arrayMap', lambda(['i'], fn(shift, col('slot'), col('i'))), fn('range', num(span))),
            'covered',
          ),
          where: and(
            op('>=', covered, param(new Date(period.range.from), "DateTime64(6, 'UTC')")),
            op('<=', covered, param(new Date(period.range.to), "DateTime64(6, 'UTC')")),
          ),
          groupBy: [covered, col('bv')],
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
      const firstStart = totalValue ? null : bucketStartExpr(col('first_time'), interval, ctx);
      return ctx.run<AggregateRow>(
        select({
          select: [alias(keyOf(firstStart), 'bucket'), col('bv'), alias(fn('count'), 'value')],
          from: fromQuery(firsts, 'firsts'),
          where: and(
            op('>=', col('first_time'), param(new Date(period.range.from), "DateTime64(6, 'UTC')")),
            op('<=', col('first_time'), param(new Date(period.range.to), "DateTime64(6, 'UTC')")),
          ),
          groupBy: [firstStart ?? col('bucket'), col('bv')],
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
  /** The key of the "Other" line, sorted last; null when there is no breakdown. */
  other: string | null,
): SeriesValues[] {
  const byBreakdown = other !== null;
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
    if (a.breakdownValue === other) return 1;
    if (b.breakdownValue === other) return -1;
    const d = total(b) - total(a);
    return d !== 0 ? d : String(a.breakdownValue).localeCompare(String(b.breakdownValue));
  });
  return list;
}
