import type { FunnelStepResult } from '../insight-results';

/** One step of a funnel with its conversion figures, as the chart and table show it. */
export interface FunnelStepRow {
  index: number;
  name: string;
  count: number;
  /** Share of those who entered (step 1). */
  fromFirst: number;
  /** Share of those who reached the step before (1 for the first step). */
  fromPrevious: number;
  /** Who reached the step before but not this one (0 for the first step). */
  droppedOff: number;
  averageSeconds: number | null;
  medianSeconds: number | null;
}

/** Conversion and drop-off per step from a funnel answer's steps (one breakdown value's steps). */
export function funnelStepRows(steps: FunnelStepResult[], names?: string[]): FunnelStepRow[] {
  const first = steps[0]?.count ?? 0;
  return steps.map((step, i) => {
    const before = i === 0 ? step.count : (steps[i - 1]?.count ?? 0);
    return {
      index: i,
      name: names?.[i] ?? step.custom_name ?? step.name,
      count: step.count,
      fromFirst: first > 0 ? step.count / first : 0,
      fromPrevious: before > 0 ? step.count / before : 0,
      droppedOff: i === 0 ? 0 : Math.max(0, before - step.count),
      averageSeconds: i === 0 ? null : step.average_conversion_time,
      medianSeconds: i === 0 ? null : step.median_conversion_time,
    };
  });
}

/** A funnel answer as a list of step lists: one without a breakdown, one per value with one. */
export function funnelSeries(results: FunnelStepResult[] | FunnelStepResult[][]): FunnelStepResult[][] {
  if (results.length === 0) return [];
  return Array.isArray(results[0]) ? (results as FunnelStepResult[][]) : [results as FunnelStepResult[]];
}
