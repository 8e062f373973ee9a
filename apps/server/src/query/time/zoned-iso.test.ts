import { describe, expect, it } from 'vitest';
import { zonedIso } from './zoned-iso';

describe('zonedIso', () => {
  it('writes UTC with Z and other zones with their offset at that instant', () => {
    expect(zonedIso(Date.parse('2020-06-10T00:00:00Z'), 'UTC')).toBe('2020-06-10T00:00:00Z');
    expect(zonedIso(Date.parse('2020-06-10T07:00:00Z'), 'US/Pacific')).toBe('2020-06-10T00:00:00-07:00');
    expect(zonedIso(Date.parse('2020-01-10T08:00:00Z'), 'US/Pacific')).toBe('2020-01-10T00:00:00-08:00');
    expect(zonedIso(Date.parse('2024-05-09T18:30:00Z'), 'Asia/Kolkata')).toBe('2024-05-10T00:00:00+05:30');
    expect(zonedIso(Date.parse('2024-01-10T00:00:00Z'), 'Europe/London')).toBe('2024-01-10T00:00:00Z');
  });
});
