import type { InsightQuery } from '../insight-query';

/** Whether an answer has nothing to draw: no rows, or only zeros. */
export function isEmptyResult(query: InsightQuery, results: unknown): boolean {
  // Time to convert answers one object: {average_conversion_time, bins}.
  if (
    query.kind === 'FunnelsQuery' &&
    results !== null &&
    typeof results === 'object' &&
    !Array.isArray(results)
  )
    return ((results as { bins?: [number, number][] }).bins ?? []).every(([, n]) => n === 0);
  if (!Array.isArray(results) || results.length === 0) return true;
  switch (query.kind) {
    case 'TrendsQuery':
    case 'StickinessQuery':
    case 'LifecycleQuery':
      return (results as { data?: number[]; aggregated_value?: number; count?: number }[]).every(
        (r) =>
          (r.aggregated_value ?? 0) === 0 && (r.data ?? []).every((v) => v === 0) && (r.count ?? 0) === 0,
      );
    case 'FunnelsQuery': {
      const first = results[0];
      if (Array.isArray(first))
        return (results as { count: number }[][]).every((steps) => (steps[0]?.count ?? 0) === 0);
      if (first && typeof first === 'object' && 'days' in first) return false;
      return ((first as { count?: number } | undefined)?.count ?? 0) === 0;
    }
    case 'RetentionQuery':
      return (results as { values: { count: number }[] }[]).every((r) => (r.values[0]?.count ?? 0) === 0);
    case 'PathsQuery':
      return false;
  }
}
