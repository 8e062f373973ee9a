import { describe, expect, it } from 'vitest';
import { isEmptyResult } from './is-empty-result';

describe('isEmptyResult', () => {
  const trends = { kind: 'TrendsQuery' as const, interval: 'day' as const, series: [] };
  it('treats all-zero trends and funnels nobody entered as empty', () => {
    expect(isEmptyResult(trends, [])).toBe(true);
    expect(isEmptyResult(trends, [{ data: [0, 0], count: 0 }])).toBe(true);
    expect(isEmptyResult(trends, [{ data: [0, 1], count: 1 }])).toBe(false);
    const funnel = { kind: 'FunnelsQuery' as const, series: [] };
    expect(isEmptyResult(funnel, [{ count: 0 }, { count: 0 }])).toBe(true);
    expect(isEmptyResult(funnel, [{ count: 3 }, { count: 1 }])).toBe(false);
    expect(isEmptyResult(funnel, [[{ count: 0 }], [{ count: 2 }]])).toBe(false);
    expect(isEmptyResult(funnel, { bins: [], average_conversion_time: null })).toBe(true);
    expect(isEmptyResult(funnel, { bins: [[60, 2]], average_conversion_time: 60 })).toBe(false);
  });
  it('treats retention without cohorts as empty', () => {
    const retention = { kind: 'RetentionQuery' as const };
    expect(isEmptyResult(retention, [{ values: [{ count: 0 }] }])).toBe(true);
    expect(isEmptyResult(retention, [{ values: [{ count: 2 }] }])).toBe(false);
  });
});
