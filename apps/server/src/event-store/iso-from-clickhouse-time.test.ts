import { describe, expect, it } from 'vitest';
import { isoFromClickhouseTime } from './iso-from-clickhouse-time';

describe('isoFromClickhouseTime', () => {
  it('keeps microseconds by default and pads or cuts to the precision asked for', () => {
    expect(isoFromClickhouseTime('2024-03-01 10:00:00.123456')).toBe('2024-03-01T10:00:00.123456Z');
    expect(isoFromClickhouseTime('2024-03-01 10:00:00.123')).toBe('2024-03-01T10:00:00.123000Z');
    expect(isoFromClickhouseTime('2024-03-01 10:00:00')).toBe('2024-03-01T10:00:00.000000Z');
    expect(isoFromClickhouseTime('2024-03-01 10:00:00.123456', 3)).toBe('2024-03-01T10:00:00.123Z');
    expect(new Date(isoFromClickhouseTime('2024-03-01 10:00:00.5', 3)).toISOString()).toBe(
      '2024-03-01T10:00:00.500Z',
    );
  });
});
