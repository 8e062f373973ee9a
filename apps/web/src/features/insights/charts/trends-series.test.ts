import type { TrendsQuery } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import type { TrendsResult } from '../insight-results';
import { trendsLines } from './trends-series';

const result = (over: Partial<TrendsResult>): TrendsResult => ({
  action: { order: 0 },
  label: 'x',
  count: 1,
  data: [1],
  labels: ['a'],
  days: ['2024-01-01'],
  ...over,
});

describe('trendsLines', () => {
  it('names series, breakdowns and the previous period', () => {
    const query: TrendsQuery = {
      kind: 'TrendsQuery',
      interval: 'day',
      series: [
        { kind: 'EventsNode', event: 'signup' },
        { kind: 'EventsNode', event: 'signup', custom_name: 'Signups' },
        { kind: 'EventsNode', event: 'signup' },
      ],
    };
    const lines = trendsLines(query, [
      result({ action: { order: 0 }, breakdown_value: 'Chrome' }),
      result({ action: { order: 1 }, compare_label: 'previous' }),
      result({ action: { order: 2 } }),
    ]);
    expect(lines.map((l) => l.name)).toEqual(['A. signup · Chrome', 'Signups (previous)', 'C. signup']);
    expect(lines.map((l) => l.series)).toEqual([0, 1, 2]);
    expect(lines[1]?.previous).toBe(true);
  });

  it('has no persons behind formula lines', () => {
    const query: TrendsQuery = {
      kind: 'TrendsQuery',
      interval: 'day',
      series: [{ kind: 'EventsNode', event: 'a' }],
      trendsFilter: { formula: 'A * 2' },
    };
    const [line] = trendsLines(query, [result({ label: 'A * 2', action: null })]);
    expect(line).toMatchObject({ name: 'A * 2', series: null });
  });
});
