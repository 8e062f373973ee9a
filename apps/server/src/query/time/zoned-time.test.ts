import { describe, expect, it } from 'vitest';
import { addUnits, formatLocal, fromZoned, startOf } from './zoned-time';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zoned time', () => {
  it('finds local midnight in a zone with an offset', () => {
    const ms = Date.parse('2020-01-01T01:00:00Z'); // 31 Dec 17:00 in Los Angeles
    expect(iso(startOf(ms, 'day', 'America/Los_Angeles'))).toBe('2019-12-31T08:00:00.000Z');
    expect(formatLocal(ms, 'America/Los_Angeles')).toBe('2019-12-31 17:00:00');
  });

  it('starts weeks on Sunday or Monday', () => {
    const wed = Date.parse('2020-01-15T12:00:00Z');
    expect(iso(startOf(wed, 'week', 'UTC', 0))).toBe('2020-01-12T00:00:00.000Z');
    expect(iso(startOf(wed, 'week', 'UTC', 1))).toBe('2020-01-13T00:00:00.000Z');
    expect(iso(startOf(wed, 'month', 'UTC'))).toBe('2020-01-01T00:00:00.000Z');
  });

  it('keeps local time when adding days across a DST change', () => {
    const before = fromZoned({ year: 2024, month: 3, day: 30 }, 'Europe/Berlin');
    expect(iso(before)).toBe('2024-03-29T23:00:00.000Z');
    expect(iso(addUnits(before, 'day', 1, 'Europe/Berlin'))).toBe('2024-03-30T23:00:00.000Z');
    expect(iso(addUnits(before, 'day', 2, 'Europe/Berlin'))).toBe('2024-03-31T22:00:00.000Z');
  });

  it('reads local times just after a spring-forward change with the new offset, and skipped ones as after the gap', () => {
    const ny = 'America/New_York'; // 2024-03-10 02:00 EST became 03:00 EDT (07:00Z)
    expect(iso(fromZoned({ year: 2024, month: 3, day: 10, hour: 3, minute: 59 }, ny))).toBe(
      '2024-03-10T07:59:00.000Z',
    );
    expect(iso(fromZoned({ year: 2024, month: 3, day: 10, hour: 1, minute: 59 }, ny))).toBe(
      '2024-03-10T06:59:00.000Z',
    );
    expect(iso(fromZoned({ year: 2024, month: 3, day: 10, hour: 2, minute: 30 }, ny))).toBe(
      '2024-03-10T07:30:00.000Z',
    );
    // Berlin springs forward at 01:00Z: 03:30 local is already summer time.
    expect(iso(fromZoned({ year: 2024, month: 3, day: 31, hour: 3, minute: 30 }, 'Europe/Berlin'))).toBe(
      '2024-03-31T01:30:00.000Z',
    );
  });

  it('clamps month arithmetic to the end of shorter months', () => {
    const jan31 = Date.parse('2020-01-31T00:00:00Z');
    expect(iso(addUnits(jan31, 'month', 1, 'UTC'))).toBe('2020-02-29T00:00:00.000Z');
    expect(iso(addUnits(jan31, 'month', -2, 'UTC'))).toBe('2019-11-30T00:00:00.000Z');
  });
});
