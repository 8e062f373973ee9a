import type { RetentionCohortResult } from '../insight-results';
import { breakdownLabel } from './breakdown-label';

/** One breakdown value's cohorts (the whole answer without a breakdown). */
export interface RetentionGroup {
  name: string | null;
  cohorts: RetentionCohortResult[];
  /** Per period, the share who came back, weighted by cohort size over the cohorts that reached it. */
  mean: (number | null)[];
}

/** Whether period `k` of the `index`-th of `count` cohorts lies in the past (the triangle's cells). */
export const isObservable = (index: number, k: number, count: number): boolean => index + k < count;

/** Groups an answer by breakdown value and computes each group's mean retention curve. */
export function retentionGroups(results: RetentionCohortResult[]): RetentionGroup[] {
  const groups = new Map<string, RetentionCohortResult[]>();
  for (const row of results) {
    const key = JSON.stringify(row.breakdown_value ?? null);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((cohorts) => {
    const periods = cohorts[0]?.values.length ?? 0;
    const mean = Array.from({ length: periods }, (_, k) => {
      let size = 0;
      let back = 0;
      cohorts.forEach((c, i) => {
        if (!isObservable(i, k, cohorts.length)) return;
        size += c.values[0]?.count ?? 0;
        back += c.values[k]?.count ?? 0;
      });
      return size > 0 ? back / size : null;
    });
    return { name: breakdownLabel(cohorts[0]?.breakdown_value ?? null), cohorts, mean };
  });
}
