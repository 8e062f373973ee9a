import type { RetentionPeriod, RetentionQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { QueryContext } from '../query-context';
import { type DateRangeContext, parseDate, resolveDateRange } from '../time/resolve-date-range';
import { addUnits, startOf } from '../time/zoned-time';

export type RetentionUnit = 'hour' | 'day' | 'week' | 'month';

/** PostHog's runner default when `totalIntervals` is missing. */
export const DEFAULT_TOTAL_INTERVALS = 7;
/** Rows × values a result may hold; beyond this the answer would be megabytes of zeros. */
const MAX_CELLS = 1_000_000;
const MAX_COHORTS = 10_000;

/** The calendar a retention query is computed on, resolved once in the project's time zone. */
export interface RetentionPeriods {
  period: RetentionPeriod;
  unit: RetentionUnit;
  /** Start of the first cohort period (epoch ms): events before it are outside the range. */
  from: number;
  /** End of the last cohort period, exclusive: the last period always runs to its end. */
  end: number;
  /** Start of every cohort period, in order (one result row each). */
  starts: number[];
  /** Values per row: the cohort's own period and the `intervals - 1` periods after it. */
  intervals: number;
}

const UNITS: Record<RetentionPeriod, RetentionUnit> = {
  Hour: 'hour',
  Day: 'day',
  Week: 'week',
  Month: 'month',
};

/**
 * Resolves a retention query's periods as PostHog's `QueryDateRangeWithIntervals` does
 * (INSIGHTS.md §4): the last cohort is the whole period containing `date_to` (now when absent);
 * without `date_from` there are `totalIntervals` cohorts ending there, with it one cohort per period
 * from the period containing `date_from`. Days, weeks and months are local calendar periods (weeks
 * start on the project's week start day); hours are absolute.
 */
export async function retentionPeriods(query: RetentionQuery, ctx: QueryContext): Promise<RetentionPeriods> {
  const filter = query.retentionFilter ?? {};
  const period = filter.period ?? 'Day';
  const unit = UNITS[period];
  const intervals = filter.totalIntervals ?? DEFAULT_TOTAL_INTERVALS;
  const tz = ctx.timeZone;
  const dateContext: DateRangeContext = {
    interval: unit,
    timeZone: tz,
    weekStartDay: ctx.weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  };
  const range = query.dateRange;
  // Rounding date_to to the end of its day or hour never leaves its period, so the raw instant is enough.
  const to = range?.date_to ? parseDate(range.date_to, dateContext, 'date_to').ms : ctx.now;
  const end = addUnits(startOf(to, unit, tz, ctx.weekStartDay), unit, 1, tz);
  const from = range?.date_from
    ? (await resolveDateRange(range, dateContext)).from
    : addUnits(end, unit, -intervals, tz);

  const starts: number[] = [];
  for (let at = from; at < end && starts.length <= MAX_COHORTS; at = addUnits(at, unit, 1, tz)) {
    starts.push(at);
  }
  if (starts.length > MAX_COHORTS || starts.length * intervals > MAX_CELLS) {
    throw invalidInput(
      `This date range has ${starts.length > MAX_COHORTS ? 'too many' : starts.length} ${unit} cohorts of ${intervals} periods; narrow the range or use a longer period.`,
      'dateRange',
    );
  }
  return { period, unit, from, end, starts, intervals };
}
