import type { EventsSource } from '../sources/events-source';
import type { Expr, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  array,
  col,
  fn,
  fromQuery,
  lambda,
  num,
  op,
  param,
  select,
  str,
  tuple,
} from '../sql/sql-builders';
import { pathGroupingRegex } from './path-grouping-regex';

export interface PathEdgesInput {
  source: EventsSource;
  /** The cleaned path item of an event (before grouping). */
  item: Expr;
  /** Which events take part: time range, property and event-type filters. */
  where: Expr;
  groupings: string[];
  excluded: string[];
  startPoint: string | null;
  endPoint: string | null;
  stepLimit: number;
  edgeLimit: number;
  minEdgeWeight: number | null;
  maxEdgeWeight: number | null;
  /** Inactivity (µs) after which the next event starts a new path. */
  sessionGapUs: number;
}

/** A row of the answer: one edge, its weight and mean time between its two events. */
export interface PathEdgeRow {
  source: string;
  target: string;
  value: number;
  avg_us: number;
  [key: string]: unknown;
}

const el = (t: Expr, i: number) => fn('tupleElement', t, num(i));
const at = (arr: Expr, i: Expr) => fn('arrayElement', arr, i);
const field = (name: string, i: number) => fn('arrayMap', lambda(['e'], el(col('e'), i)), col(name));

/**
 * PostHog's paths (INSIGHTS.md §7; paths_query_runner.py) as one statement over one scan of events:
 *
 * 1. per event: the person, time (µs), uuid and path item, grouped by a matching wildcard pattern
 *    (`multiMatchAnyIndex`, as PostHog) and dropped when excluded;
 * 2. per person: the events sorted by time (uuid breaks ties so results are stable);
 * 3. per session (`arraySplit` where the gap to the previous event is ≥ 30 minutes, ARRAY JOIN): runs
 *    of the same item collapse to their last event; the path is cut at the start/end point and to
 *    `stepLimit` items (between both points long paths keep both ends around a `...` item);
 * 4. per edge (ARRAY JOIN of consecutive pairs `i_item → i+1_item`): counted and the time between
 *    the two events averaged, filtered by weight, ordered by weight, source, target, and limited.
 */
export function pathEdgesQuery(input: PathEdgesInput): Select {
  const perSession = pathSessionsQuery(input);
  const path = col('limited_path');
  const times = col('limited_times');
  const i = col('i');
  const key = (index: Expr) => fn('concat', fn('toString', index), str('_'), at(path, index));
  const next1 = op('+', i, num(1));
  const edges = fn(
    'arrayMap',
    lambda(['i'], tuple(key(i), key(next1), op('-', at(times, next1), at(times, i)))),
    fn('range', num(1), fn('length', path)),
  );
  const edge = col('edge');
  const value = col('value');
  return select({
    select: [
      alias(el(edge, 1), 'source'),
      alias(el(edge, 2), 'target'),
      alias(fn('count'), 'value'),
      alias(fn('avg', el(edge, 3)), 'avg_us'),
    ],
    from: fromQuery(perSession, 'path_sessions'),
    arrayJoin: alias(edges, 'edge'),
    groupBy: [col('source'), col('target')],
    having: and(
      input.minEdgeWeight ? op('>=', value, param(input.minEdgeWeight, 'UInt64')) : null,
      input.maxEdgeWeight ? op('<=', value, param(input.maxEdgeWeight, 'UInt64')) : null,
    ),
    orderBy: [{ expr: value, direction: 'DESC' }, { expr: col('source') }, { expr: col('target') }],
    limit: param(input.edgeLimit, 'UInt64'),
  });
}

/**
 * Steps 1 to 3 of pathEdgesQuery: one row per person and session, `actor` and the session's path
 * cut to the points and the step limit (`limited_path`, `limited_times`).
 */
export function pathSessionsQuery(input: PathEdgesInput): Select {
  const { source } = input;
  const events = select({
    select: [
      alias(source.personId, 'actor'),
      alias(fn('toUnixTimestamp64Micro', source.timestamp), 'ts'),
      alias(source.column('uuid'), 'uid'),
      alias(input.item, 'cleaned_item'),
    ],
    from: source.from,
    joins: source.joins,
    where: input.where,
  });

  const cleaned = col('cleaned_item');
  // The pattern's index is aliased so the regexes run once per event.
  const grouping =
    input.groupings.length > 0
      ? [
          alias(
            fn('multiMatchAnyIndex', cleaned, param(input.groupings.map(pathGroupingRegex), 'Array(String)')),
            'group_index',
          ),
          alias(
            fn(
              'if',
              op('>', col('group_index'), num(0)),
              at(param(input.groupings, 'Array(String)'), col('group_index')),
              cleaned,
            ),
            'path_item',
          ),
        ]
      : [alias(cleaned, 'path_item')];
  const items = select({
    select: [col('actor'), col('ts'), col('uid'), ...grouping],
    from: fromQuery(events, 'path_events'),
  });
  const kept =
    input.excluded.length > 0
      ? select({
          select: [col('actor'), col('ts'), col('uid'), col('path_item')],
          from: fromQuery(items, 'path_items'),
          where: op('NOT IN', col('path_item'), param(input.excluded, 'Array(String)')),
        })
      : items;

  const perActor = select({
    select: [
      col('actor'),
      alias(fn('arraySort', fn('groupArray', tuple(col('ts'), col('uid'), col('path_item')))), 'evs'),
    ],
    from: fromQuery(kept, 'path_kept'),
    groupBy: [col('actor')],
  });

  const gaps = fn(
    'arrayMap',
    lambda(['d'], op('>=', col('d'), param(input.sessionGapUs, 'Int64'))),
    fn('arrayDifference', field('evs', 1)),
  );
  const sessions = fn('arraySplit', lambda(['e', 'g'], col('g')), col('evs'), gaps);
  const next = fn('arrayPopFront', fn('arrayPushBack', col('items'), str('')));
  const keep = fn('arrayMap', lambda(['a', 'b'], op('!=', col('a'), col('b'))), col('items'), next);
  const compact = (name: string) => fn('arrayFilter', lambda(['x', 'k'], col('k')), col(name), col('keep'));
  const limits = limitPath(input);
  return select({
    select: [
      col('actor'),
      alias(field('session', 3), 'items'),
      alias(field('session', 1), 'times'),
      // A run of one item keeps its last event: each item is compared with the next one (PostHog).
      alias(keep, 'keep'),
      alias(compact('items'), 'compact_path'),
      alias(compact('times'), 'compact_times'),
      ...limits.select,
    ],
    from: fromQuery(perActor, 'path_actors'),
    arrayJoin: alias(sessions, 'session'),
    ...(limits.where ? { where: limits.where } : {}),
  });
}

/**
 * The session's path cut to the start/end point and the step limit (`limited_path`, `limited_times`),
 * and which sessions are kept: those containing the point(s).
 */
function limitPath(input: PathEdgesInput): { select: Expr[]; where: Expr | null } {
  const limit = input.stepLimit;
  const both = (path: Expr, times: Expr) => [alias(path, 'limited_path'), alias(times, 'limited_times')];
  const { startPoint, endPoint } = input;
  const compactPath = col('compact_path');
  const compactTimes = col('compact_times');
  if (startPoint !== null && endPoint !== null) {
    const s = col('start_index');
    const e = col('end_index');
    const fromStart = (a: Expr) => fn('arraySlice', a, s);
    const half = Math.floor(limit / 2);
    const shorten = (a: Expr, middle: Expr) =>
      fn(
        'if',
        op('>', fn('length', a), int(limit)),
        fn(
          'arrayConcat',
          fn('arraySlice', a, num(1), int(half)),
          array(middle),
          fn('arraySlice', a, int(-half), int(half)),
        ),
        a,
      );
    return {
      select: [
        alias(fn('indexOf', compactPath, str(startPoint)), 'start_index'),
        alias(fn('indexOf', fromStart(compactPath), str(endPoint)), 'end_index'),
        alias(fn('arraySlice', fromStart(compactPath), num(1), e), 'between_path'),
        alias(fn('arraySlice', fromStart(compactTimes), num(1), e), 'between_times'),
        ...both(
          shorten(col('between_path'), str('...')),
          // The `...` item takes the time of the first event it stands for.
          shorten(col('between_times'), at(col('between_times'), int(half + 1))),
        ),
      ],
      where: and(op('>', s, num(0)), op('>', e, num(0))),
    };
  }
  const point = endPoint ?? startPoint;
  if (point === null) {
    return { select: both(slice(compactPath, 1, limit), slice(compactTimes, 1, limit)), where: null };
  }
  const index = col('point_index');
  const cut = (a: Expr) =>
    endPoint !== null
      ? fn('arraySlice', fn('arraySlice', a, num(1), index), int(-limit))
      : slice(fn('arraySlice', a, index), 1, limit);
  return {
    select: [
      alias(fn('indexOf', compactPath, str(point)), 'point_index'),
      ...both(cut(compactPath), cut(compactTimes)),
    ],
    where: op('>', index, num(0)),
  };
}

function slice(a: Expr, offset: number, length: number): Expr {
  return fn('arraySlice', a, num(offset), int(length));
}

/** A number from the query (a step limit, say): bound like every value the caller sent. */
function int(n: number): Expr {
  return param(n, 'Int64');
}
