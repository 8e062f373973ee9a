import type { RetentionQuery } from '@hedgerow/schema';
import type { QueryContext } from '../query-context';
import type { Expr, Select } from '../sql/sql-ast';
import { alias, array, col, fn, fromQuery, num, op, param, select, str } from '../sql/sql-builders';
import { zonedIso } from '../time/zoned-iso';
import { type RetentionActors, retentionActorsQuery } from './retention-actors';
import { RETENTION_BREAKDOWN_OTHER } from './retention-breakdown';
import { retentionLags } from './retention-lags';
import { type RetentionPeriods, retentionPeriods } from './retention-periods';

/** One cohort row of PostHog's retention answer. */
export interface RetentionRow {
  /** `count` per period from the cohort's own (0) on; always `totalIntervals` long. */
  values: { count: number; label: string }[];
  label: string;
  /** Start of the cohort's period, ISO 8601 in the project's time zone. */
  date: string;
  breakdown_value: string | null;
}

interface GridRow {
  value?: string;
  cohorts: number[];
  lags: number[];
  actors: number[];
  [key: string]: unknown;
}

/**
 * Counts actors per cell (cohort p, periods since k) from the per-actor arrays. Each cohort
 * membership is one row (ARRAY JOIN of the actor's cohorts) carrying the lags of its returning
 * periods within `intervals`, plus 0 for the cohort itself; cumulative retention only needs each
 * membership's last lag, and the runner sums those per cohort from the last period backwards. The
 * cells come back as parallel arrays, per breakdown value when there is one, values ranked by their
 * total cohort size (then by value, as PostHog ranks them) and cut at `limit`.
 */
function gridQuery(
  actors: RetentionActors,
  periods: RetentionPeriods,
  cumulative: boolean,
  breakdown: { value: (bv: Expr) => Expr; limit: number | null } | null,
): Select {
  const lags = retentionLags(actors, periods);
  const perCohort = select({
    select: [
      ...(breakdown ? [col('bv')] : []),
      col('p'),
      alias(cumulative ? array(fn('arrayMax', lags)) : lags, 'lags'),
    ],
    from: fromQuery(actors.query, 'retention_actors'),
    arrayJoin: alias(col('cohorts'), 'p'),
  });
  const cells = select({
    select: [
      ...(breakdown ? [col('bv')] : []),
      col('p'),
      alias(fn('arrayJoin', col('lags')), 'k'),
      alias(fn('count'), 'n'),
    ],
    from: fromQuery(perCohort, 'per_cohort'),
    groupBy: [...(breakdown ? [col('bv')] : []), col('p'), col('k')],
  });
  // A value's total cohort size: its memberships, i.e. the k = 0 cells (every cell, when cumulative).
  const total = cumulative ? fn('sum', col('n')) : fn('sumIf', col('n'), op('=', col('k'), num(0)));
  return select({
    select: [
      ...(breakdown ? [alias(breakdown.value(col('bv')), 'value')] : []),
      alias(fn('groupArray', col('p')), 'cohorts'),
      alias(fn('groupArray', col('k')), 'lags'),
      alias(fn('groupArray', col('n')), 'actors'),
      alias(total, 'total'),
    ],
    from: fromQuery(cells, 'cells'),
    ...(breakdown
      ? {
          groupBy: [col('value')],
          orderBy: [
            { expr: col('total'), direction: 'DESC' as const },
            { expr: col('value'), direction: 'ASC' as const },
          ],
          ...(breakdown.limit !== null ? { limit: param(breakdown.limit, 'UInt64') } : {}),
        }
      : {}),
  });
}

/**
 * `RetentionQuery` (INSIGHTS.md §4): one row per cohort period, `{values: [{count, label}], label,
 * date, breakdown_value}`, every row padded with zeros to `totalIntervals` values. With a breakdown,
 * each kept value has its own rows, values ranked by their total cohort size (then by value) and
 * those past `breakdown_limit` merged into "Other" (counts summed over the merged values, as PostHog
 * does). Only when there are more values than the limit is the query run a second time, to merge.
 */
export async function runRetentionQuery(query: RetentionQuery, ctx: QueryContext): Promise<RetentionRow[]> {
  const periods = await retentionPeriods(query, ctx);
  const actors = retentionActorsQuery(query, periods, ctx);
  const breakdown = actors.breakdown;
  const cumulative = query.retentionFilter?.cumulative === true;

  const width = periods.intervals;
  const labels = Array.from({ length: width }, (_, k) => `${periods.period} ${k}`);
  const dates = periods.starts.map((start) => zonedIso(start, ctx.timeZone));
  const shape = (grid: GridRow | undefined, value: string | null): RetentionRow[] => {
    const counts = new Array<number>(dates.length * width).fill(0);
    for (const [i, p] of (grid?.cohorts ?? []).entries()) {
      const cell = p * width + (grid?.lags[i] ?? 0);
      counts[cell] = (counts[cell] ?? 0) + (grid?.actors[i] ?? 0);
    }
    if (cumulative) {
      // Cells hold how many memberships returned last after k periods; "k or later" sums them.
      for (let p = 0; p < dates.length; p++) {
        for (let k = width - 2; k >= 0; k--) {
          counts[p * width + k] = (counts[p * width + k] ?? 0) + (counts[p * width + k + 1] ?? 0);
        }
      }
    }
    return dates.map((date, p) => ({
      values: labels.map((label, k) => ({ count: counts[p * width + k] ?? 0, label })),
      label: `${periods.period} ${p}`,
      date,
      breakdown_value: value,
    }));
  };

  if (!breakdown) {
    const [grid] = await ctx.run<GridRow>(gridQuery(actors, periods, cumulative, null));
    return shape(grid, null);
  }
  let grids = await ctx.run<GridRow>(
    gridQuery(actors, periods, cumulative, { value: (bv) => bv, limit: breakdown.limit + 1 }),
  );
  if (grids.length > breakdown.limit) {
    const kept = grids.slice(0, breakdown.limit).map((g) => g.value ?? '');
    const merged = (bv: Expr) =>
      fn('if', op('IN', bv, param(kept, 'Array(String)')), bv, str(RETENTION_BREAKDOWN_OTHER));
    const rows = await ctx.run<GridRow>(
      gridQuery(actors, periods, cumulative, { value: merged, limit: null }),
    );
    const byValue = new Map(rows.map((g) => [g.value ?? '', g]));
    grids = [...kept, RETENTION_BREAKDOWN_OTHER].flatMap((v) => byValue.get(v) ?? []);
  }
  return grids.flatMap((g) => shape(g, g.value ?? ''));
}
