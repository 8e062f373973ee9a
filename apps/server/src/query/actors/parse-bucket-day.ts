import { invalidInput } from '../../http/api-error';
import { fromZoned } from '../time/zoned-time';

const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The instant a data point's `day` names (a bucket start as the insight's `days` list it:
 * "2024-01-31", "2024-01-31 13:00:00"), read in the project's time zone.
 */
export function parseBucketDay(day: string | number, timeZone: string, field = 'day'): number {
  const m = DAY.exec(String(day));
  if (!m) throw invalidInput(`${field} must be a bucket date such as "2024-01-31", got "${day}".`, field);
  return fromZoned(
    {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    },
    timeZone,
  );
}
