import { describe, expect, it } from 'vitest';
import type { RetentionCohortResult } from '../insight-results';
import { isObservable, retentionGroups } from './retention-cohorts';

const cohort = (counts: number[], breakdown: string | null = null): RetentionCohortResult => ({
  values: counts.map((count, k) => ({ count, label: `Day ${k}` })),
  label: 'Day',
  date: '2024-01-01T00:00:00Z',
  breakdown_value: breakdown,
});

describe('retention cohorts', () => {
  it('keeps the triangle: later cohorts have fewer observed periods', () => {
    expect(isObservable(0, 2, 3)).toBe(true);
    expect(isObservable(1, 2, 3)).toBe(false);
  });

  it('averages each period over the cohorts that reached it, weighted by size', () => {
    const [group] = retentionGroups([cohort([10, 5, 2]), cohort([20, 10, 0]), cohort([5, 0, 0])]);
    expect(group?.mean).toEqual([1, 15 / 30, 2 / 10]);
    expect(group?.name).toBeNull();
  });

  it('splits by breakdown value', () => {
    const groups = retentionGroups([cohort([1, 1], 'a'), cohort([2, 1], 'b'), cohort([1, 0], 'a')]);
    expect(groups.map((g) => [g.name, g.cohorts.length])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});
