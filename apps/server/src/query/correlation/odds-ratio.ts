/** How many actors with a dimension converted (`success`) or dropped off (`failure`). */
export interface DimensionCounts {
  name: string;
  success: number;
  failure: number;
}

export interface CorrelationRow {
  name: string;
  success_count: number;
  failure_count: number;
  odds_ratio: number;
  correlation_type: 'success' | 'failure';
}

const PRIOR = 1;
const MIN_ACTORS = 25;
const MIN_SHARE = 0.02;
const TOP = 10;

/**
 * PostHog's funnel correlation from contingency counts: each dimension's odds ratio with a prior of
 * one, `((s+1)(F−f+1)) / ((S−s+1)(f+1))`; dimensions seen by fewer than min(25, 2 % of all actors)
 * are left out; the ten strongest signals of conversion (odds ratio > 1, highest first), then the ten
 * strongest of drop-off (lowest first), equal ratios by name. No converters or no drop-offs: no rows, and `skewed`; a
 * split more lopsided than 1:10 is `skewed` too.
 */
export function correlate(
  dimensions: DimensionCounts[],
  totals: { success: number; failure: number },
): { rows: CorrelationRow[]; skewed: boolean } {
  const S = totals.success;
  const F = totals.failure;
  if (S === 0 || F === 0) return { rows: [], skewed: true };
  const skewed = S / F > 10 || F / S > 10;
  const threshold = Math.min(MIN_ACTORS, MIN_SHARE * (S + F));
  const rows = dimensions
    .filter((d) => d.success + d.failure >= threshold)
    .map((d): CorrelationRow => {
      const odds =
        ((d.success + PRIOR) * (F - d.failure + PRIOR)) / ((S - d.success + PRIOR) * (d.failure + PRIOR));
      return {
        name: d.name,
        success_count: d.success,
        failure_count: d.failure,
        odds_ratio: odds,
        correlation_type: odds > 1 ? 'success' : 'failure',
      };
    });
  // Equal ratios by name, so the answer does not depend on the engine's row order.
  const byName = (a: CorrelationRow, b: CorrelationRow) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const success = rows
    .filter((r) => r.correlation_type === 'success')
    .sort((a, b) => b.odds_ratio - a.odds_ratio || byName(a, b));
  const failure = rows
    .filter((r) => r.correlation_type === 'failure')
    .sort((a, b) => a.odds_ratio - b.odds_ratio || byName(a, b));
  return { rows: [...success.slice(0, TOP), ...failure.slice(0, TOP)], skewed };
}
