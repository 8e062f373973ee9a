import { describe, expect, it } from 'vitest';
import type { FunnelStepResult } from '../insight-results';
import { funnelSeries, funnelStepRows } from './funnel-steps';

const step = (order: number, count: number, avg: number | null = null): FunnelStepResult => ({
  action_id: `e${order}`,
  name: `e${order}`,
  custom_name: null,
  order,
  count,
  average_conversion_time: avg,
  median_conversion_time: avg,
});

describe('funnel steps', () => {
  it('computes conversion from the first and the previous step, and drop-offs', () => {
    const rows = funnelStepRows([step(0, 60), step(1, 45, 30), step(2, 9, 120)]);
    expect(rows.map((r) => [r.count, r.fromFirst, r.fromPrevious, r.droppedOff])).toEqual([
      [60, 1, 1, 0],
      [45, 0.75, 0.75, 15],
      [9, 0.15, 0.2, 36],
    ]);
    expect(rows[0]?.averageSeconds).toBeNull();
    expect(rows[2]?.averageSeconds).toBe(120);
  });

  it('handles a funnel nobody entered, and breakdown answers', () => {
    expect(funnelStepRows([step(0, 0), step(1, 0)]).map((r) => r.fromFirst)).toEqual([0, 0]);
    expect(funnelSeries([step(0, 1), step(1, 1)])).toHaveLength(1);
    expect(funnelSeries([[step(0, 1)], [step(0, 2)]])).toHaveLength(2);
    expect(funnelSeries([])).toEqual([]);
  });
});
