import type { Interval } from '@hedgerow/schema';
import { toZoned } from '../time/zoned-time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** PostHog's `days` entry for a bucket: the date, with the time for hour and minute intervals. */
export function bucketDay(ms: number, interval: Interval, timeZone: string): string {
  const z = toZoned(ms, timeZone);
  const date = `${z.year}-${pad(z.month)}-${pad(z.day)}`;
  return interval === 'hour' || interval === 'minute'
    ? `${date} ${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`
    : date;
}

/** PostHog's `labels` entry for a bucket: `9-Jan-2020`, with `HH:MM` for hour and minute intervals. */
export function bucketLabel(ms: number, interval: Interval, timeZone: string): string {
  const z = toZoned(ms, timeZone);
  const date = `${z.day}-${MONTHS[z.month - 1]}-${z.year}`;
  return interval === 'hour' || interval === 'minute' ? `${date} ${pad(z.hour)}:${pad(z.minute)}` : date;
}
