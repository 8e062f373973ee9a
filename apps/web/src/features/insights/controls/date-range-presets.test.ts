import { describe, expect, it } from 'vitest';
import { describeDateRange, presetOf } from './date-range-presets';

describe('date range presets', () => {
  it('names presets, relative ranges and absolute ones', () => {
    expect(describeDateRange(undefined)).toBe('Last 7 days');
    expect(describeDateRange({ date_from: '-1dStart', date_to: '-1dEnd' })).toBe('Yesterday');
    expect(describeDateRange({ date_from: '-3w' })).toBe('Last 3 weeks');
    expect(describeDateRange({ date_from: '2024-01-01', date_to: '2024-01-31' })).toBe(
      '2024-01-01 – 2024-01-31',
    );
    expect(describeDateRange({ date_from: '2024-01-01' })).toBe('2024-01-01 – now');
  });

  it('finds a preset only when both ends match', () => {
    expect(presetOf({ date_from: '-1dStart' })).toBeUndefined();
    expect(presetOf({ date_from: 'all' })?.label).toBe('All time');
  });
});
