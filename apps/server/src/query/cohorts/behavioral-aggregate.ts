import type { BehavioralCriterion, CohortTimeInterval, CountOperator } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { Expr, IntervalUnit } from '../sql/sql-ast';
import { and, col, fn, interval as intervalOf, lambda, num, op, param } from '../sql/sql-builders';
import { parseDate } from '../time/resolve-date-range';
import { addUnits, startOf } from '../time/zoned-time';

/** What a behavioral criterion is evaluated against. */
export interface BehavioralInput {
  /** Whether the event row is the criterion's event (or action), its `event_filters` included. */
  matches: Expr;
  /** Same for the criterion's `seq_event` (sequences only). */
  seqMatches: Expr | null;
  timestamp: Expr;
  /** The moment the cohort is evaluated (epoch ms); windows count back from it. */
  now: number;
  timeZone: string;
  weekStartDay: 0 | 1;
}

const FIELD = 'filters';
const COUNT_OPS: Record<CountOperator, '>=' | '<=' | '>' | '<' | '='> = {
  gte: '>=',
  lte: '<=',
  gt: '>',
  lt: '<',
  exact: '=',
  eq: '=',
};

const INTERVAL_UNITS: Record<CohortTimeInterval, IntervalUnit> = {
  hour: 'HOUR',
  day: 'DAY',
  week: 'WEEK',
  month: 'MONTH',
  year: 'YEAR',
};

const at = (ms: number): Expr => param(new Date(ms), "DateTime64(6, 'UTC')");

function required<T>(value: T | null | undefined, name: string, criterion: BehavioralCriterion): T {
  if (value === undefined || value === null)
    throw invalidInput(`The "${criterion.value}" criterion on "${criterion.key}" needs ${name}.`, FIELD);
  return value;
}

/** `value` `interval`s before `now` (calendar months and years, in UTC as PostHog's `now() - INTERVAL`). */
function before(now: number, value: number, interval: CohortTimeInterval): number {
  return addUnits(now, interval, -value, 'UTC');
}

/** The criterion's window: `explicit_datetime` … `explicit_datetime_to`, else `time_value` back from now. */
function window(criterion: BehavioralCriterion, input: BehavioralInput): { from: number; to: number } {
  if (criterion.explicit_datetime) {
    const ctx = { ...input, interval: 'day' as const, earliest: async () => 0 };
    const from = parseDate(criterion.explicit_datetime, ctx, FIELD);
    const fromMs = from.relative ? startOf(from.ms, 'day', input.timeZone) : from.ms;
    const to = criterion.explicit_datetime_to
      ? parseDate(criterion.explicit_datetime_to, ctx, FIELD).ms
      : input.now;
    if (to < fromMs) throw invalidInput('explicit_datetime_to is before explicit_datetime.', FIELD);
    return { from: fromMs, to };
  }
  const value = required(criterion.time_value, 'time_value', criterion);
  const interval = required(criterion.time_interval, 'time_interval', criterion);
  return { from: before(input.now, value, interval), to: input.now };
}

/** The more recent window of stopped/restarted criteria: `seq_time_value` `seq_time_interval`s back. */
function seqStart(criterion: BehavioralCriterion, input: BehavioralInput, windowStart: number): number {
  const value = required(criterion.seq_time_value, 'seq_time_value', criterion);
  const interval = required(criterion.seq_time_interval, 'seq_time_interval', criterion);
  const start = before(input.now, value, interval);
  if (start <= windowStart)
    throw invalidInput(
      `The "${criterion.value}" criterion on "${criterion.key}" needs its seq_time window to be shorter than its time window.`,
      FIELD,
    );
  return start;
}

function countIn(input: BehavioralInput, after: number | null, upTo: number, inclusive: boolean): Expr {
  return fn(
    'countIf',
    and(
      input.matches,
      after === null ? null : op('>', input.timestamp, at(after)),
      op(inclusive ? '<=' : '<', input.timestamp, at(upTo)),
    ),
  );
}

function compareCount(count: Expr, criterion: BehavioralCriterion): Expr {
  const operator = criterion.operator ?? 'gte';
  const value = required(criterion.operator_value, 'operator_value', criterion);
  return op(COUNT_OPS[operator], count, param(value, 'Int64'));
}

/**
 * One behavioral criterion as a per-person aggregate that is 1 when the person's events satisfy it
 * (aggregated over that person's events, so absent persons read 0: "did not"). Windows are PostHog's:
 * `(now − time, now)`; stopped = did in `(now − time, now − seq]` and not since; restarted = did
 * before `now − time`, not in `(now − time, now − seq]`, and again since; regularly = at least
 * `min_periods` of the `total_periods` consecutive windows of `time_value` `time_interval`s each
 * had `operator` `operator_value` events; first time = the first ever occurrence is in the window;
 * sequence = the event, then `seq_event` within `seq_time` of it, both in the window.
 */
export function behavioralAggregate(criterion: BehavioralCriterion, input: BehavioralInput): Expr {
  switch (criterion.value) {
    case 'performed_event': {
      const w = window(criterion, input);
      return op('>', countIn(input, w.from, w.to, false), num(0));
    }
    case 'performed_event_multiple': {
      const w = window(criterion, input);
      return compareCount(countIn(input, w.from, w.to, false), criterion);
    }
    case 'performed_event_first_time': {
      const w = window(criterion, input);
      const first = fn('minIf', input.timestamp, input.matches);
      return and(fn('countIf', input.matches), op('>=', first, at(w.from)), op('<', first, at(w.to)));
    }
    case 'stopped_performing_event': {
      const w = window(criterion, input);
      const seq = seqStart(criterion, input, w.from);
      return and(
        op('>', countIn(input, w.from, seq, true), num(0)),
        op('=', countIn(input, seq, input.now, true), num(0)),
      );
    }
    case 'restarted_performing_event': {
      const w = window(criterion, input);
      const seq = seqStart(criterion, input, w.from);
      return and(
        op('>', countIn(input, null, w.from, true), num(0)),
        op('=', countIn(input, w.from, seq, true), num(0)),
        op('>', countIn(input, seq, input.now, true), num(0)),
      );
    }
    case 'performed_event_regularly': {
      const value = required(criterion.time_value, 'time_value', criterion);
      const interval = required(criterion.time_interval, 'time_interval', criterion);
      const total = required(criterion.total_periods, 'total_periods', criterion);
      const min = required(criterion.min_periods, 'min_periods', criterion);
      if (min > total)
        throw invalidInput(`min_periods (${min}) is more than total_periods (${total}).`, FIELD);
      if (total > 100) throw invalidInput('total_periods is at most 100.', FIELD);
      const periods = Array.from({ length: total }, (_, k) => {
        const upTo = before(input.now, value * k, interval);
        const after = before(input.now, value * (k + 1), interval);
        return fn('toUInt32', compareCount(countIn(input, after, upTo, true), criterion));
      });
      return op(
        '>=',
        periods.reduce((sum, p) => op('+', sum, p)),
        param(min, 'Int64'),
      );
    }
    case 'performed_event_sequence': {
      const w = window(criterion, input);
      if (!input.seqMatches) throw invalidInput('performed_event_sequence needs seq_event.', FIELD);
      const value = required(criterion.seq_time_value, 'seq_time_value', criterion);
      const unit = required(criterion.seq_time_interval, 'seq_time_interval', criterion);
      const inWindow = and(op('>', input.timestamp, at(w.from)), op('<', input.timestamp, at(w.to)));
      const firsts = fn('groupArrayIf', input.timestamp, and(input.matches, inWindow));
      const thens = fn('groupArrayIf', input.timestamp, and(input.seqMatches, inWindow));
      // The follow-up comes after the first event and within seq_time of it (calendar units, UTC).
      const limit = op('+', col('a'), intervalOf(param(value, 'Int64'), INTERVAL_UNITS[unit]));
      const followed = fn(
        'arrayExists',
        lambda(['b'], and(op('>', col('b'), col('a')), op('<=', col('b'), limit))),
        thens,
      );
      return fn('arrayExists', lambda(['a'], followed), firsts);
    }
  }
}
