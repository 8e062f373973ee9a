import type { DateRange, Interval } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { addUnits, type CalendarUnit, fromZoned, startOf } from './zoned-time';

export interface ResolvedDateRange {
  /** First instant included (epoch ms). */
  from: number;
  /** Last instant included (epoch ms). */
  to: number;
}

export interface DateRangeContext {
  interval: Interval;
  timeZone: string;
  weekStartDay: 0 | 1;
  now: number;
  /** Time of the project's first event, for `date_from: "all"`. */
  earliest: () => Promise<number>;
}

const RELATIVE = /^(-?)(\d*)(h|d|w|m|q|y|M|s)(Start|End)?$/;
const UNIT: Record<string, CalendarUnit | 'second'> = {
  h: 'hour',
  d: 'day',
  w: 'week',
  m: 'month',
  q: 'quarter',
  y: 'year',
  M: 'minute',
  s: 'second',
};
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

function endOf(ms: number, unit: CalendarUnit, ctx: DateRangeContext): number {
  return addUnits(startOf(ms, unit, ctx.timeZone, ctx.weekStartDay), unit, 1, ctx.timeZone) - 1;
}

/** A date string as PostHog reads it: relative (`-7d`, `-1mStart`), local (`2020-01-09 12:00`) or ISO. */
export function parseDate(
  value: string,
  ctx: DateRangeContext,
  field: string,
): { ms: number; relative: boolean; unit?: string } {
  const rel = RELATIVE.exec(value);
  if (rel) {
    const [, sign, digits, letter = 'd', edge] = rel;
    const unit = UNIT[letter] ?? 'day';
    const amount = (digits === '' ? (edge ? 0 : 1) : Number(digits)) * (sign === '-' ? -1 : 1);
    let ms =
      unit === 'second'
        ? ctx.now + amount * 1000
        : unit === 'quarter'
          ? addUnits(ctx.now, 'week', 13 * amount, ctx.timeZone)
          : addUnits(ctx.now, unit, amount, ctx.timeZone);
    if (edge && unit !== 'second') {
      ms = edge === 'Start' ? startOf(ms, unit, ctx.timeZone, ctx.weekStartDay) : endOf(ms, unit, ctx);
    }
    return { ms, relative: true, unit: letter };
  }
  const local = LOCAL.exec(value);
  if (local) {
    const [, y, mo, d, h, mi, s, frac] = local;
    const ms = fromZoned(
      {
        year: Number(y),
        month: Number(mo),
        day: Number(d),
        hour: Number(h ?? 0),
        minute: Number(mi ?? 0),
        second: Number(s ?? 0),
        millisecond: frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0,
      },
      ctx.timeZone,
    );
    return { ms, relative: false };
  }
  const iso = Date.parse(value);
  if (Number.isFinite(iso)) return { ms: iso, relative: false };
  throw invalidInput(
    `Unrecognised date "${value}": use e.g. "-7d", "-1mStart", "2024-01-31" or an ISO time.`,
    field,
  );
}

/**
 * The instants a PostHog date range covers, in the project's time zone (see INSIGHTS.md §0.2):
 * missing `date_from` is `-7d`; relative starts are cut to the start of their day (hour for hour
 * offsets, nothing for minute intervals); the start is then aligned to the start of its interval so
 * buckets are whole; `date_to` defaults to now and, unless `explicitDate`, runs to the end of its day
 * for day/week/month intervals (for hour/minute intervals only when relative).
 */
export async function resolveDateRange(
  range: DateRange | null | undefined,
  ctx: DateRangeContext,
): Promise<ResolvedDateRange> {
  const rawFrom = range?.date_from ?? '-7d';
  let from: number;
  if (rawFrom === 'all') {
    from = await ctx.earliest();
  } else {
    const parsed = parseDate(rawFrom, ctx, 'date_from');
    from = parsed.ms;
    if (parsed.relative && ctx.interval !== 'minute' && !/Start|End/.test(rawFrom)) {
      from = startOf(from, parsed.unit === 'h' ? 'hour' : 'day', ctx.timeZone, ctx.weekStartDay);
    }
  }
  from = startOf(from, ctx.interval, ctx.timeZone, ctx.weekStartDay);

  let to: number;
  const explicit = range?.explicitDate === true;
  if (!range?.date_to) {
    to =
      ctx.interval === 'day' || ctx.interval === 'week' || ctx.interval === 'month'
        ? endOf(ctx.now, 'day', ctx)
        : ctx.now;
  } else {
    const parsed = parseDate(range.date_to, ctx, 'date_to');
    to = parsed.ms;
    if (!explicit) {
      if (ctx.interval === 'day' || ctx.interval === 'week' || ctx.interval === 'month')
        to = endOf(to, 'day', ctx);
      else if (parsed.relative) to = endOf(to, ctx.interval, ctx);
    }
  }
  if (to < from) throw invalidInput('date_to is before date_from.', 'date_to');
  return { from, to };
}

/** Start of every interval bucket from `range.from` up to and including `range.to`. */
export function bucketStarts(
  range: ResolvedDateRange,
  interval: Interval,
  timeZone: string,
  weekStartDay: 0 | 1,
): number[] {
  const out: number[] = [];
  let at = startOf(range.from, interval, timeZone, weekStartDay);
  while (at <= range.to && out.length < 50_000) {
    out.push(at);
    at = addUnits(at, interval, 1, timeZone);
  }
  return out;
}
