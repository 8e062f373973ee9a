import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber, formatPercent } from './chart-format';

describe('chart formats', () => {
  it('formats numbers, shares and durations', () => {
    expect(formatNumber(12345.678)).toBe('12,345.7');
    expect(formatNumber(1.234)).toBe('1.23');
    expect(formatNumber(null)).toBe('–');
    expect(formatPercent(0.4251)).toBe('42.5%');
    expect(formatPercent(Number.NaN)).toBe('–');
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(725)).toBe('12m 5s');
    expect(formatDuration(3600 * 3 + 1200)).toBe('3h 20m');
    expect(formatDuration(86_400 * 2 + 3600 * 4)).toBe('2d 4h');
    expect(formatDuration(120)).toBe('2m');
  });
});
