import type { FunnelsQuery, SeriesNode } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { entityName, seriesEntity } from '../filters/entity-expr';
import type { QueryContext } from '../query-context';
import type { Expr, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  col,
  fn,
  fnParametric,
  fromQuery,
  num,
  op,
  param,
  select,
  str,
} from '../sql/sql-builders';
import { bucketStarts } from '../time/resolve-date-range';
import { formatLocal } from '../time/zoned-time';
import { bucketExpr } from '../trends/bucket-expr';
import { bucketDay, bucketLabel } from '../trends/trends-labels';
import {
  type FunnelActorsPlan,
  funnelActorsPlan,
  previousMandatory,
  reachedStep,
  stepTime,
} from './funnel-actors';
import { FUNNEL_BREAKDOWN_OTHER, funnelBreakdown, presentFunnelBreakdown } from './funnel-breakdown';
import { funnelDateRange } from './funnel-step-population';

export interface FunnelStep {
  action_id: string | number | null;
  name: string;
  custom_name: string | null;
  order: number;
  type: 'events' | 'actions';
  count: number;
  average_conversion_time: number | null;
  median_conversion_time: number | null;
  people: string[];
  breakdown?: string | string[];
  breakdown_value?: string | string[];
}

interface StepStats {
  bv: string;
  counts: number[];
  avgs: (number | null)[];
  medians: (number | null)[];
  [key: string]: unknown;
}

const times = col('times');
const nth = (i: number) => fn('arrayElement', times, num(i));

/**
 * Per breakdown value: how many actors reached each step, and the mean and median seconds from the
 * previous mandatory step to each mandatory step (over actors who took more than 0 s); optional steps
 * have counts but no conversion times.
 */
function statsQuery(plan: FunnelActorsPlan, bv: Expr): Select {
  const ks = Array.from({ length: plan.steps }, (_, k) => k);
  const conversion = (k: number, aggregate: (value: Expr, condition: Expr) => Expr): Expr => {
    const before = previousMandatory(plan, k);
    const at = stepTime(plan, k);
    const from = before === null ? null : stepTime(plan, before);
    if (at === null || from === null) return { kind: 'const', value: null };
    return aggregate(op('/', op('-', at, from), num(1000)), and(reachedStep(plan, k), op('>', at, from)));
  };
  return select({
    select: [
      alias(bv, 'bv'),
      alias(fn('array', ...ks.map((k) => fn('countIf', reachedStep(plan, k)))), 'counts'),
      alias(fn('array', ...ks.slice(1).map((k) => conversion(k, (v, c) => fn('avgIf', v, c)))), 'avgs'),
      alias(
        fn(
          'array',
          ...ks
            .slice(1)
            .map((k) => conversion(k, (v, c) => fnParametric('quantileExactInclusiveIf', [num(0.5)], v, c))),
        ),
        'medians',
      ),
    ],
    from: fromQuery(plan.query, 'funnel_actors'),
    where: op('>', fn('length', times), num(0)),
    groupBy: [col('bv')],
  });
}

function stepName(step: SeriesNode, ctx: QueryContext): string {
  if (step.kind === 'EventsNode' && step.name) return step.name;
  return entityName(seriesEntity(step), ctx, 'series');
}

const finite = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : v;

/**
 * `FunnelsQuery`: steps (counts, average and median conversion times per step, optionally per
 * breakdown value), time to convert (a histogram) or conversion trends. The per-actor funnel is
 * computed in ClickHouse by funnel-actors.ts; this runner aggregates and shapes PostHog's answer.
 */
export async function runFunnelsQuery(query: FunnelsQuery, ctx: QueryContext): Promise<unknown> {
  const interval = query.interval ?? 'day';
  const range = await funnelDateRange(query, ctx);
  const filter = query.funnelsFilter ?? {};
  const viz = filter.funnelVizType ?? 'steps';
  const plan = funnelActorsPlan(query, range, ctx);
  const last = plan.steps - 1;
  const fromStep = filter.funnelFromStep ?? 0;
  const toStep = filter.funnelToStep ?? last;
  if (viz !== 'steps' && !(fromStep < toStep && toStep <= last)) {
    throw invalidInput(
      `funnelFromStep must be below funnelToStep, which must be ≤ ${last}.`,
      'funnelsFilter',
    );
  }

  if (viz === 'time_to_convert') {
    const from = stepTime(plan, fromStep);
    const to = stepTime(plan, toStep);
    if (from === null || to === null)
      throw invalidInput('Time to convert is measured between mandatory steps.', 'funnelsFilter');
    const rows = await ctx.run<{ durations: number[] }>(
      select({
        select: [alias(fn('groupArray', op('/', op('-', to, from), num(1000))), 'durations')],
        from: fromQuery(plan.query, 'funnel_actors'),
        where: reachedStep(plan, toStep),
      }),
    );
    return timeToConvert(rows[0]?.durations ?? [], filter.binCount ?? null);
  }

  const breakdown = funnelBreakdown(query);
  if (viz === 'trends') {
    const bucket = bucketExpr(fn('fromUnixTimestamp64Milli', nth(1)), interval, ctx);
    const rows = await ctx.run<{ bucket: string; bv: string; reached_from: number; reached_to: number }>(
      select({
        select: [
          alias(bucket, 'bucket'),
          col('bv'),
          alias(fn('countIf', reachedStep(plan, fromStep)), 'reached_from'),
          alias(fn('countIf', reachedStep(plan, toStep)), 'reached_to'),
        ],
        from: fromQuery(plan.query, 'funnel_actors'),
        where: op('>', fn('length', times), num(0)),
        groupBy: [col('bucket'), col('bv')],
      }),
    );
    const tz = ctx.timeZone;
    const buckets = bucketStarts(range, interval, tz, ctx.weekStartDay);
    const keys = buckets.map((b) => formatLocal(b, tz));
    const values = [...new Set(rows.map((r) => r.bv))].sort();
    return (values.length > 0 || breakdown ? values : ['']).map((value) => {
      const data = keys.map((key) => {
        const row = rows.find((r) => r.bucket === key && r.bv === value);
        return row && row.reached_from > 0
          ? Math.round((row.reached_to / row.reached_from) * 10_000) / 100
          : 0;
      });
      return {
        count: data.length,
        data,
        days: buckets.map((b) => bucketDay(b, interval, tz)),
        labels: buckets.map((b) => bucketLabel(b, interval, tz)),
        ...(breakdown
          ? { breakdown_value: presentFunnelBreakdown(breakdown, value, ctx).breakdown_value }
          : {}),
      };
    });
  }

  let stats = await ctx.run<StepStats>(statsQuery(plan, col('bv')));
  if (breakdown && stats.length > breakdown.limit) {
    const ranked = [...stats]
      .sort((a, b) => compareStats(a, b))
      .slice(0, breakdown.limit)
      .map((s) => s.bv);
    const mapped = fn(
      'if',
      op('IN', col('bv'), param(ranked, 'Array(String)')),
      col('bv'),
      str(FUNNEL_BREAKDOWN_OTHER),
    );
    stats = await ctx.run<StepStats>(statsQuery(plan, mapped));
  }
  const order = filter.funnelOrderType ?? 'ordered';
  const shape = (s: StepStats): FunnelStep[] =>
    query.series.map((step, i) => {
      const name =
        order === 'unordered' ? `Completed ${i + 1} step${i === 0 ? '' : 's'}` : stepName(step, ctx);
      const result: FunnelStep = {
        action_id: step.kind === 'EventsNode' ? (step.event ?? null) : step.id,
        name,
        custom_name: step.custom_name ?? null,
        order: i,
        type: step.kind === 'EventsNode' ? 'events' : 'actions',
        count: s.counts[i] ?? 0,
        average_conversion_time: i === 0 ? null : finite(s.avgs[i - 1]),
        median_conversion_time: i === 0 ? null : finite(s.medians[i - 1]),
        people: [],
      };
      if (breakdown) Object.assign(result, presentFunnelBreakdown(breakdown, s.bv, ctx));
      return result;
    });
  if (!breakdown) {
    const only = stats[0];
    // Like PostHog's funnel UDF: an empty list when nobody entered the funnel.
    return only && (only.counts[0] ?? 0) > 0 ? shape(only) : [];
  }
  return stats
    .filter((s) => (s.counts[0] ?? 0) > 0)
    .sort((a, b) =>
      a.bv === FUNNEL_BREAKDOWN_OTHER ? 1 : b.bv === FUNNEL_BREAKDOWN_OTHER ? -1 : compareStats(a, b),
    )
    .map(shape);
}

/** Deepest step count first, then earlier steps, then the value (PostHog's UDF order). */
function compareStats(a: StepStats, b: StepStats): number {
  for (let i = a.counts.length - 1; i >= 0; i--) {
    const d = (b.counts[i] ?? 0) - (a.counts[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.bv.localeCompare(b.bv);
}

/** PostHog's time-to-convert histogram (INSIGHTS.md §2.9). */
export function timeToConvert(durations: number[], binCount: number | null) {
  if (durations.length === 0) return { average_conversion_time: null, bins: [] };
  const bins =
    binCount !== null
      ? Math.min(90, Math.max(1, binCount))
      : Math.min(60, Math.max(1, Math.ceil(Math.cbrt(durations.length))));
  const from = Math.floor(Math.min(...durations));
  const to = Math.ceil(Math.max(...durations));
  const width = Math.ceil((to - from) / bins) || 60;
  const counts = Array.from({ length: bins + 1 }, () => 0);
  for (const d of durations) {
    const k = Math.min(bins, Math.floor((d - from) / width));
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
  return {
    average_conversion_time: Math.round(mean * 100) / 100,
    bins: counts.map((c, k) => [from + k * width, c]),
  };
}
