import type { Interval } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { bucketStarts, type ResolvedDateRange } from './resolve-date-range';
import { addUnits } from './zoned-time';

export interface CompareRangeContext {
  timeZone: string;
  weekStartDay: 0 | 1;
}

const SHIFT = /^-?(\d+)([hdwmqy])$/;
const SHIFT_UNITS = { h: 'hour', d: 'day', w: 'week', m: 'month', q: 'quarter', y: 'year' } as const;

/**
 * The period a `compareFilter` compares with: the current range moved back by `compare_to` (`-1d`,
 * `-1w`, `-3m`, … in calendar units of the project's time zone), or without it the same number of
 * intervals immediately before the current range (PostHog's "previous period").
 */
export function compareRange(
  current: ResolvedDateRange,
  compareTo: string | null | undefined,
  interval: Interval,
  ctx: CompareRangeContext,
): ResolvedDateRange {
  if (compareTo) {
    const m = SHIFT.exec(compareTo);
    if (!m)
      throw invalidInput(
        `compare_to must look like "-1w" or "-3m", got "${compareTo}".`,
        'query__compareFilter__compare_to',
      );
    const unit = SHIFT_UNITS[m[2] as keyof typeof SHIFT_UNITS];
    const n = -Number(m[1]);
    return {
      from: addUnits(current.from, unit, n, ctx.timeZone),
      to: addUnits(current.to, unit, n, ctx.timeZone),
    };
  }
  const count = bucketStarts(current, interval, ctx.timeZone, ctx.weekStartDay).length;
  return { from: addUnits(current.from, interval, -count, ctx.timeZone), to: current.from - 1 };
}
