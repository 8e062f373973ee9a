import { toZoned } from './zoned-time';

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/**
 * An instant as ISO 8601 in a time zone, the way PostHog's API serializes a zoned datetime:
 * `2020-06-10T00:00:00-07:00`, or with `Z` when the zone's offset is zero at that instant.
 * Whole seconds only, as period starts are.
 */
export function zonedIso(ms: number, timeZone: string): string {
  const z = toZoned(ms, timeZone);
  const local = `${z.year}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`;
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  const offsetMinutes = Math.round(
    (Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second) - wholeSecond) / 60_000,
  );
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${local}${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
}
