import { describe, expect, it } from 'vitest';
import { bucketStarts, resolveDateRange } from './resolve-date-range';

const NOW = Date.parse('2024-05-15T14:30:00Z'); // a Wednesday
const ctx = (over: object = {}) => ({
  interval: 'day' as const,
  timeZone: 'UTC',
  weekStartDay: 0 as const,
  now: NOW,
  earliest: async () => Date.parse('2023-11-02T08:00:00Z'),
  ...over,
});
const iso = (r: { from: number; to: number }) => [
  new Date(r.from).toISOString(),
  new Date(r.to).toISOString(),
];

describe('resolveDateRange', () => {
  it('defaults to the last 7 days up to the end of today', async () => {
    expect(iso(await resolveDateRange(null, ctx()))).toEqual([
      '2024-05-08T00:00:00.000Z',
      '2024-05-15T23:59:59.999Z',
    ]);
  });

  it('rounds absolute date_to up to the end of its day unless explicit', async () => {
    const r = await resolveDateRange({ date_from: '2021-05-10', date_to: '2021-05-14 00:00:00' }, ctx());
    expect(iso(r)).toEqual(['2021-05-10T00:00:00.000Z', '2021-05-14T23:59:59.999Z']);
    const e = await resolveDateRange(
      { date_from: '2021-05-10', date_to: '2021-05-14 00:00:00', explicitDate: true },
      ctx(),
    );
    expect(iso(e)[1]).toBe('2021-05-14T00:00:00.000Z');
  });

  it('reads dates without an offset in the project time zone', async () => {
    const r = await resolveDateRange(
      { date_from: '2020-01-01', date_to: '2020-01-14' },
      ctx({ timeZone: 'US/Pacific' }),
    );
    expect(iso(r)).toEqual(['2020-01-01T08:00:00.000Z', '2020-01-15T07:59:59.999Z']);
  });

  it('understands Start/End suffixes, hours and all', async () => {
    expect(iso(await resolveDateRange({ date_from: '-1mStart', date_to: '-1mEnd' }, ctx()))).toEqual([
      '2024-04-01T00:00:00.000Z',
      '2024-04-30T23:59:59.999Z',
    ]);
    expect(iso(await resolveDateRange({ date_from: '-24h' }, ctx({ interval: 'hour' })))[0]).toBe(
      '2024-05-14T14:00:00.000Z',
    );
    expect(iso(await resolveDateRange({ date_from: 'all' }, ctx()))[0]).toBe('2023-11-02T00:00:00.000Z');
  });

  it('aligns week ranges to whole weeks and lists their buckets', async () => {
    const r = await resolveDateRange(
      { date_from: '2020-01-09', date_to: '2020-01-20' },
      ctx({ interval: 'week' }),
    );
    expect(bucketStarts(r, 'week', 'UTC', 0).map((b) => new Date(b).toISOString().slice(0, 10))).toEqual([
      '2020-01-05',
      '2020-01-12',
      '2020-01-19',
    ]);
  });

  it('refuses dates it cannot read', async () => {
    await expect(resolveDateRange({ date_from: 'last tuesday' }, ctx())).rejects.toMatchObject({
      attr: 'date_from',
    });
  });
});
