import type { FunnelsFilter } from '@hedgerow/schema';

const UNIT_MS = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
} as const;

/** The conversion window in milliseconds: interval × unit, absolute (DST does not change it). Default 14 days. */
export function funnelWindowMs(filter: FunnelsFilter | null | undefined): number {
  const interval = filter?.funnelWindowInterval ?? 14;
  return interval * UNIT_MS[filter?.funnelWindowIntervalUnit ?? 'day'];
}
