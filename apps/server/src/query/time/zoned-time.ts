/**
 * Calendar arithmetic in a project's time zone with only the runtime's Intl database: days, weeks
 * and months start at local midnight, and adding a day across a DST change keeps local time.
 */
export interface ZonedParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

export type CalendarUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function toZoned(ms: number, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((ms % 1000) + 1000) % 1000,
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  };
}

function offsetAt(ms: number, timeZone: string): number {
  const z = toZoned(ms, timeZone);
  return Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second, z.millisecond) - ms;
}

/** The instant of a local date and time (a time skipped by DST resolves to the instant after). */
export function fromZoned(
  p: Pick<ZonedParts, 'year' | 'month' | 'day'> &
    Partial<Pick<ZonedParts, 'hour' | 'minute' | 'second' | 'millisecond'>>,
  timeZone: string,
): number {
  const asUtc = Date.UTC(
    p.year,
    p.month - 1,
    p.day,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
    p.millisecond ?? 0,
  );
  const guess = asUtc - offsetAt(asUtc, timeZone);
  const corrected = asUtc - offsetAt(guess, timeZone);
  // The offset at `corrected` confirms it unless the local time falls in a DST gap; only then is
  // neither instant right, and the later one is the time just after the gap. (Taking the later one
  // always would move the first hours after a spring-forward change an hour too late.)
  if (corrected === guess || asUtc - offsetAt(corrected, timeZone) === corrected) return corrected;
  return Math.max(guess, corrected);
}

/** Start of the local minute/hour/day/week/month/quarter/year containing `ms`. */
export function startOf(ms: number, unit: CalendarUnit, timeZone: string, weekStartDay: 0 | 1 = 0): number {
  const z = toZoned(ms, timeZone);
  switch (unit) {
    case 'minute':
      return fromZoned({ ...z, second: 0, millisecond: 0 }, timeZone);
    case 'hour':
      return fromZoned({ ...z, minute: 0, second: 0, millisecond: 0 }, timeZone);
    case 'day':
      return fromZoned({ year: z.year, month: z.month, day: z.day }, timeZone);
    case 'week': {
      const back = (z.weekday - weekStartDay + 7) % 7;
      const d = new Date(Date.UTC(z.year, z.month - 1, z.day - back));
      return fromZoned(
        { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
        timeZone,
      );
    }
    case 'month':
      return fromZoned({ year: z.year, month: z.month, day: 1 }, timeZone);
    case 'quarter':
      return fromZoned({ year: z.year, month: z.month - ((z.month - 1) % 3), day: 1 }, timeZone);
    case 'year':
      return fromZoned({ year: z.year, month: 1, day: 1 }, timeZone);
  }
}

/** `ms` moved by `n` units: minutes and hours as durations, days and longer in local calendar time. */
export function addUnits(ms: number, unit: CalendarUnit, n: number, timeZone: string): number {
  if (unit === 'minute') return ms + n * 60_000;
  if (unit === 'hour') return ms + n * 3_600_000;
  const z = toZoned(ms, timeZone);
  let { year, month, day } = z;
  if (unit === 'day') day += n;
  else if (unit === 'week') day += 7 * n;
  else {
    const months = unit === 'month' ? n : unit === 'quarter' ? 3 * n : 12 * n;
    month += months;
    // Clamp to the month's last day (31 Jan + 1 month = 28/29 Feb), as calendar arithmetic does.
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    day = Math.min(day, last);
  }
  const d = new Date(Date.UTC(year, month - 1, day));
  year = d.getUTCFullYear();
  month = d.getUTCMonth() + 1;
  day = d.getUTCDate();
  return fromZoned(
    { year, month, day, hour: z.hour, minute: z.minute, second: z.second, millisecond: z.millisecond },
    timeZone,
  );
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2024-03-01 10:00:00` in local time: the bucket key format queries return. */
export function formatLocal(ms: number, timeZone: string): string {
  const z = toZoned(ms, timeZone);
  return `${z.year}-${pad(z.month)}-${pad(z.day)} ${pad(z.hour)}:${pad(z.minute)}:${pad(z.second)}`;
}
