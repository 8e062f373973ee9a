import type { RetentionQuery } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../http/api-error';
import { NO_DEFINITIONS } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import { retentionPeriods } from './retention-periods';

const context = (over: Partial<QueryContext> = {}): QueryContext => ({
  teamId: 1,
  timeZone: 'UTC',
  weekStartDay: 0,
  testAccountFilters: [],
  now: Date.parse('2024-05-15T14:30:00Z'),
  definitions: NO_DEFINITIONS,
  run: async () => [],
  earliestEventTime: async () => Date.parse('2024-05-01T08:00:00Z'),
  ...over,
});

const query = (over: Partial<RetentionQuery> = {}): RetentionQuery => ({ kind: 'RetentionQuery', ...over });
const iso = (ms: number) => new Date(ms).toISOString();

describe('retentionPeriods', () => {
  it('ends with the whole day holding date_to and counts totalIntervals cohorts back from it', async () => {
    const p = await retentionPeriods(
      query({ dateRange: { date_to: '2020-06-20T06:00:00Z' }, retentionFilter: { totalIntervals: 11 } }),
      context(),
    );
    expect(p.unit).toBe('day');
    expect(p.starts.map(iso)).toEqual(
      Array.from({ length: 11 }, (_, i) => `2020-06-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`),
    );
    expect(iso(p.from)).toBe('2020-06-10T00:00:00.000Z');
    expect(iso(p.end)).toBe('2020-06-21T00:00:00.000Z');
    expect(p.intervals).toBe(11);
  });

  it('defaults to 7 daily cohorts ending today', async () => {
    const p = await retentionPeriods(query(), context());
    expect(p.starts.map(iso)).toEqual([
      '2024-05-09T00:00:00.000Z',
      '2024-05-10T00:00:00.000Z',
      '2024-05-11T00:00:00.000Z',
      '2024-05-12T00:00:00.000Z',
      '2024-05-13T00:00:00.000Z',
      '2024-05-14T00:00:00.000Z',
      '2024-05-15T00:00:00.000Z',
    ]);
  });

  it('uses whole weeks starting on the project week start day', async () => {
    const q = query({ dateRange: { date_to: '2020-07-20T00:00:00Z' }, retentionFilter: { period: 'Week' } });
    const sunday = await retentionPeriods(q, context());
    expect(iso(sunday.from)).toBe('2020-06-07T00:00:00.000Z');
    expect(iso(sunday.end)).toBe('2020-07-26T00:00:00.000Z');
    const monday = await retentionPeriods(q, context({ weekStartDay: 1 }));
    expect(iso(monday.from)).toBe('2020-06-08T00:00:00.000Z');
    expect(iso(monday.end)).toBe('2020-07-27T00:00:00.000Z');
    expect(monday.starts).toHaveLength(7);
  });

  it('uses calendar months and absolute hours', async () => {
    const months = await retentionPeriods(
      query({
        dateRange: { date_to: '2020-11-25' },
        retentionFilter: { period: 'Month', totalIntervals: 11 },
      }),
      context(),
    );
    expect(iso(months.from)).toBe('2020-01-01T00:00:00.000Z');
    expect(iso(months.starts[10] ?? 0)).toBe('2020-11-01T00:00:00.000Z');
    const hours = await retentionPeriods(
      query({
        dateRange: { date_to: '2024-05-10 05:30' },
        retentionFilter: { period: 'Hour', totalIntervals: 3 },
      }),
      context({ timeZone: 'Asia/Kolkata' }),
    );
    expect(hours.starts.map(iso)).toEqual([
      '2024-05-09T21:30:00.000Z',
      '2024-05-09T22:30:00.000Z',
      '2024-05-09T23:30:00.000Z',
    ]);
    expect(iso(hours.end)).toBe('2024-05-10T00:30:00.000Z');
  });

  it('follows date_from when given: one cohort per period, totalIntervals values each', async () => {
    const p = await retentionPeriods(
      query({
        dateRange: { date_from: '2024-05-01', date_to: '2024-05-03' },
        retentionFilter: { totalIntervals: 7 },
      }),
      context(),
    );
    expect(p.starts).toHaveLength(3);
    expect(p.intervals).toBe(7);
    const all = await retentionPeriods(query({ dateRange: { date_from: 'all' } }), context());
    expect(iso(all.from)).toBe('2024-05-01T00:00:00.000Z');
    expect(all.starts).toHaveLength(15);
  });

  it('starts local days at local midnight across a DST change', async () => {
    const p = await retentionPeriods(
      query({ dateRange: { date_from: '2024-03-09', date_to: '2024-03-11' } }),
      context({ timeZone: 'America/New_York' }),
    );
    expect(p.starts.map(iso)).toEqual([
      '2024-03-09T05:00:00.000Z',
      '2024-03-10T05:00:00.000Z',
      '2024-03-11T04:00:00.000Z',
    ]);
    expect(iso(p.end)).toBe('2024-03-12T04:00:00.000Z');
  });

  it('refuses ranges with more cohorts than a result should hold, naming dateRange', async () => {
    const error = await retentionPeriods(
      query({ dateRange: { date_from: '2020-01-01' }, retentionFilter: { period: 'Hour' } }),
      context(),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).attr).toBe('dateRange');
  });
});
