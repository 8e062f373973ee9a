import { type SeriesNode, type TrendsQuery, totalValueDisplays } from '@hedgerow/schema';
import { entityName, seriesEntity } from '../filters/entity-expr';
import type { QueryContext } from '../query-context';
import { compareRange } from '../time/compare-range';
import { bucketStarts, type ResolvedDateRange, resolveDateRange } from '../time/resolve-date-range';
import { Formula } from './formula';
import { computeSeries, type Period, type SeriesValues } from './series-values';
import { BREAKDOWN_NULL, normalizeBreakdown, presentBreakdown } from './trends-breakdown';
import { bucketDay, bucketLabel } from './trends-labels';

export interface TrendsResult {
  action: Record<string, unknown> | null;
  label: string;
  count: number;
  data?: number[];
  labels: string[];
  days: string[];
  aggregated_value?: number;
  breakdown_value?: string | number | string[];
  compare?: boolean;
  compare_label?: 'current' | 'previous';
  order?: number;
  filter: Record<string, unknown>;
}

function seriesLabel(series: SeriesNode, ctx: QueryContext): string {
  if (series.custom_name) return series.custom_name;
  if (series.kind === 'EventsNode' && series.name) return series.name;
  return entityName(seriesEntity(series), ctx, 'series');
}

/**
 * `TrendsQuery`: for each series (and compare period, and breakdown value), the per-interval values
 * of its math over matching events in the project time zone, or one total for total-value displays;
 * then formulas, cumulative and smoothing. Semantics: INSIGHTS.md §1.
 */
export async function runTrendsQuery(query: TrendsQuery, ctx: QueryContext): Promise<TrendsResult[]> {
  const interval = query.interval ?? 'day';
  const display = query.trendsFilter?.display ?? 'ActionsLineGraph';
  const totalValue = totalValueDisplays.has(display);
  const rangeContext = {
    interval,
    timeZone: ctx.timeZone,
    weekStartDay: ctx.weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  };
  const current = await resolveDateRange(query.dateRange, rangeContext);
  const periods: Period[] = [
    {
      label: 'current',
      range: current,
      buckets: bucketStarts(current, interval, ctx.timeZone, ctx.weekStartDay),
    },
  ];
  if (query.compareFilter?.compare) {
    const previous = previousRange(query, current, ctx);
    periods.push({
      label: 'previous',
      range: previous,
      buckets: bucketStarts(previous, interval, ctx.timeZone, ctx.weekStartDay),
    });
  }
  const breakdown = normalizeBreakdown(query);
  const formulas = [
    ...(query.trendsFilter?.formulaNodes ?? []).map((f) => ({
      formula: f.formula,
      name: f.custom_name ?? null,
    })),
    ...(query.trendsFilter?.formulas ?? []).map((f) => ({ formula: f, name: null })),
    ...(query.trendsFilter?.formula ? [{ formula: query.trendsFilter.formula, name: null }] : []),
  ].map((f) => ({ parsed: Formula.parse(f.formula, query.series.length), name: f.name }));

  const results: TrendsResult[] = [];
  for (const period of periods) {
    const perSeries: SeriesValues[][] = [];
    for (const series of query.series) {
      perSeries.push(await computeSeries(query, series, period, breakdown, totalValue, ctx));
    }
    const compare = periods.length > 1 ? { compare: true, compare_label: period.label } : {};
    const days = totalValue ? [] : period.buckets.map((b) => bucketDay(b, interval, ctx.timeZone));
    const labels = totalValue ? [] : period.buckets.map((b) => bucketLabel(b, interval, ctx.timeZone));
    if (formulas.length > 0) {
      for (const { parsed, name } of formulas) {
        const keys = orderedKeys(perSeries.flat());
        for (const key of keys) {
          const rows = perSeries.map((list) => list.find((v) => v.breakdownValue === key));
          const data = totalValue
            ? []
            : period.buckets.map((_, j) => parsed.evaluate(rows.map((r) => r?.data[j] ?? 0)));
          const aggregated = parsed.evaluate(rows.map((r) => r?.aggregated ?? 0));
          results.push(
            finish({
              action: null,
              label: name ?? `Formula (${parsed.text})`,
              breakdownValue: breakdown
                ? presentBreakdown(breakdown, key ?? BREAKDOWN_NULL, ctx).value
                : undefined,
              data,
              aggregated,
              days,
              labels,
              compare,
              totalValue,
              display,
              smoothing: query.trendsFilter?.smoothingIntervals ?? 1,
              integer: false,
            }),
          );
        }
      }
      continue;
    }
    query.series.forEach((series, order) => {
      for (const values of perSeries[order] ?? []) {
        const base = seriesLabel(series, ctx);
        const shown = breakdown
          ? presentBreakdown(breakdown, values.breakdownValue ?? BREAKDOWN_NULL, ctx)
          : null;
        const label =
          shown === null ? base : query.series.length > 1 ? `${base} - ${shown.label}` : shown.label;
        const math = series.math ?? 'total';
        results.push(
          finish({
            action: {
              ...series,
              order,
              type: series.kind === 'EventsNode' ? 'events' : 'actions',
              id: series.kind === 'EventsNode' ? (series.event ?? null) : series.id,
              math,
            },
            label,
            breakdownValue: shown?.value,
            data: values.data,
            aggregated: values.aggregated,
            days,
            labels,
            compare,
            totalValue,
            display,
            smoothing: query.trendsFilter?.smoothingIntervals ?? 1,
            integer:
              !['sum', 'avg', 'min', 'max', 'median', 'p75', 'p90', 'p95', 'p99'].includes(math) &&
              !math.endsWith('_count_per_actor'),
            order,
          }),
        );
      }
    });
  }
  return results;
}

/** The comparison period of a trends query (see compareRange). */
export function previousRange(
  query: TrendsQuery,
  current: ResolvedDateRange,
  ctx: QueryContext,
): ResolvedDateRange {
  return compareRange(current, query.compareFilter?.compare_to, query.interval ?? 'day', ctx);
}

function orderedKeys(values: SeriesValues[]): (string | null)[] {
  const seen: (string | null)[] = [];
  for (const v of values) if (!seen.includes(v.breakdownValue)) seen.push(v.breakdownValue);
  return seen;
}

function finish(input: {
  action: Record<string, unknown> | null;
  label: string;
  breakdownValue: string | number | string[] | undefined;
  data: number[];
  aggregated: number;
  days: string[];
  labels: string[];
  compare: object;
  totalValue: boolean;
  display: string;
  smoothing: number;
  integer: boolean;
  order?: number;
}): TrendsResult {
  const result: TrendsResult = {
    action: input.action,
    label: input.label,
    count: 0,
    labels: input.labels,
    days: input.days,
    filter: {},
    ...input.compare,
  };
  if (input.order !== undefined) result.order = input.order;
  if (input.breakdownValue !== undefined) result.breakdown_value = input.breakdownValue;
  if (input.totalValue) {
    result.aggregated_value = input.aggregated;
    return result;
  }
  let data = input.data;
  result.count = data.reduce((a, b) => a + b, 0);
  if (input.display === 'ActionsLineGraphCumulative') {
    let running = 0;
    data = data.map((v) => {
      running += v;
      return running;
    });
  }
  if (input.smoothing > 1) {
    const n = input.smoothing;
    data = data.map((_, i) => {
      const window = data.slice(Math.max(0, i - n + 1), i + 1);
      const mean = window.reduce((a, b) => a + b, 0) / window.length;
      return input.integer ? Math.floor(mean) : mean;
    });
  }
  result.data = data;
  return result;
}
