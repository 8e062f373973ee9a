import {
  type Interval,
  type LifecycleQuery,
  type LifecycleStatus,
  lifecycleStatuses,
} from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { entityName, seriesEntity } from '../filters/entity-expr';
import { propertyString } from '../filters/property-access';
import type { QueryContext } from '../query-context';
import { currentPersons } from '../sources/current-persons';
import { seriesEvents } from '../sources/series-events';
import type { Expr, Join, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  col,
  eq,
  fn,
  fromQuery,
  lambda,
  not,
  num,
  op,
  param,
  select,
  str,
  table,
  tuple,
} from '../sql/sql-builders';
import { periodNumberExpr } from '../time/period-number-expr';
import { bucketStarts, resolveDateRange } from '../time/resolve-date-range';
import { addUnits } from '../time/zoned-time';
import { bucketDay, bucketLabel } from '../trends/trends-labels';

export interface LifecycleResult {
  action: {
    id: string | number | null;
    name: string;
    type: 'events' | 'actions';
    order: number;
    math: 'total';
  };
  label: string;
  status: LifecycleStatus;
  /** Sum of `data` (negative for dormant). */
  count: number;
  /** Distinct actors per interval; dormant counts are negative. */
  data: number[];
  days: string[];
  labels: string[];
}

const instant = (ms: number): Expr => param(new Date(ms), "DateTime64(6, 'UTC')");

/**
 * `LifecycleQuery` (INSIGHTS.md §5): in one scan of the series' events, each actor's active intervals
 * from one interval before the range to its end are collected, sorted, and turned into (interval,
 * status) pairs: new (first active interval, and the one the actor was created in), returning
 * (active in the previous interval too), resurrecting (otherwise), and dormant for the interval after
 * each active one that is not followed by activity. Pairs in the range are counted per status.
 * Events sent without a person profile (`$process_person_profile: false`) are left out, as in PostHog.
 */
export async function runLifecycleQuery(
  query: LifecycleQuery,
  ctx: QueryContext,
): Promise<LifecycleResult[]> {
  const series = query.series[0];
  if (!series) return [];
  const { buckets, interval, pairs } = await lifecyclePairs(query, ctx);
  const rows = await ctx.run<{ idx: number; status: string; value: number }>(
    select({
      select: [col('idx'), col('status'), alias(fn('count'), 'value')],
      from: fromQuery(pairs, 'pairs'),
      groupBy: [col('idx'), col('status')],
    }),
  );
  const { timeZone } = ctx;
  const data = new Map<string, number[]>(lifecycleStatuses.map((s) => [s, buckets.map(() => 0)]));
  for (const row of rows) {
    const line = data.get(row.status);
    if (line && row.idx >= 0 && row.idx < line.length)
      line[row.idx] = row.status === 'dormant' ? -Number(row.value) : Number(row.value);
  }
  const entity = seriesEntity(series);
  const name = entityName(entity, ctx, 'series');
  const days = buckets.map((b) => bucketDay(b, interval, timeZone));
  const labels = buckets.map((b) => bucketLabel(b, interval, timeZone));
  // PostHog answers all four and leaves hiding toggled-off statuses to its chart; we leave them out
  // here, so API clients get what they asked for (the order stays fixed either way).
  const shown = query.lifecycleFilter?.toggledLifecycles ?? lifecycleStatuses;
  return lifecycleStatuses
    .filter((status) => shown.includes(status))
    .map((status) => {
      const line = data.get(status) ?? [];
      return {
        action: {
          id: 'actionId' in entity ? entity.actionId : entity.event,
          name,
          type: 'actionId' in entity ? 'actions' : 'events',
          order: 0,
          math: 'total',
        },
        label: `${name} - ${status}`,
        status,
        count: line.reduce((a, b) => a + b, 0),
        data: line,
        days,
        labels,
      };
    });
}

/** A lifecycle query's buckets and its (actor, bucket index, status) rows, one per actor and status. */
export interface LifecyclePairs {
  interval: Interval;
  /** Start of each interval of the range (epoch ms). */
  buckets: number[];
  /** Columns `actor`, `idx` (the bucket, 0-based), `status`. */
  pairs: Select;
}

/**
 * The statuses of every actor in every interval of the range, in one scan of the series' events:
 * each actor's active intervals from one interval before the range to its end are collected, sorted
 * and turned into (interval, status) pairs (see runLifecycleQuery). Shared by the insight and the
 * actors behind one of its points.
 */
export async function lifecyclePairs(query: LifecycleQuery, ctx: QueryContext): Promise<LifecyclePairs> {
  const interval = query.interval ?? 'day';
  const { timeZone, weekStartDay } = ctx;
  const range = await resolveDateRange(query.dateRange, {
    interval,
    timeZone,
    weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  });
  const buckets = bucketStarts(range, interval, timeZone, weekStartDay);
  const first = buckets[0] ?? range.from;
  const last = buckets[buckets.length - 1] ?? range.from;
  const series = query.series[0];
  if (!series) throw invalidInput('A lifecycle needs a series.', 'series');

  const groupIndex = query.aggregation_group_type_index;
  const byGroup = groupIndex !== null && groupIndex !== undefined;
  const { source, matches } = seriesEvents(
    {
      series,
      properties: query.properties,
      filterTestAccounts: query.filterTestAccounts,
      field: 'query__series__0',
    },
    ctx,
  );
  const period = (ts: Expr) => periodNumberExpr(ts, interval, timeZone, weekStartDay);

  const joins: Join[] = [...source.joins];
  let actor: Expr;
  let createdAt: Expr | null = null;
  if (byGroup) {
    actor = col(`$group_${groupIndex}`, 'e');
    // A group's created_at only moves earlier, so its latest version holds the earliest time.
    const groups = select({
      select: [col('group_key'), alias(fn('argMax', col('created_at'), col('version')), 'group_created_at')],
      from: table('groups', 'lifecycle_group_rows'),
      where: eq(col('group_type_index'), num(groupIndex)),
      groupBy: [col('group_key')],
    });
    joins.push({
      type: 'LEFT',
      item: { kind: 'subquery', query: groups, alias: 'lifecycle_group' },
      on: eq(col('group_key', 'lifecycle_group'), actor),
    });
    createdAt = col('group_created_at', 'lifecycle_group');
  } else {
    actor = source.personId;
  }

  const personless = eq(propertyString(source.properties.event, '$process_person_profile'), str('false'));
  const perActor = select({
    select: [
      alias(actor, 'actor'),
      ...(createdAt ? [alias(fn('min', period(createdAt)), 'created_period')] : []),
      alias(fn('arraySort', fn('groupUniqArray', period(source.timestamp))), 'periods'),
    ],
    from: source.from,
    joins,
    where: and(
      matches,
      // One interval before the range decides whether its first interval is returning or resurrecting.
      op('>=', source.timestamp, instant(addUnits(first, interval, -1, timeZone))),
      op('<', source.timestamp, instant(addUnits(last, interval, 1, timeZone))),
      fn('ifNull', not(personless), num(1)),
      byGroup ? op('!=', actor, str('')) : null,
    ),
    groupBy: [col('actor')],
  });
  // A person's created_at is the same on all their events: it is joined once per person after
  // grouping, not to every event (a person without a row counts as created at the epoch, as before).
  const activity = createdAt
    ? perActor
    : select({
        select: [
          col('actor', 'per_actor'),
          alias(period(col('created_at', 'person')), 'created_period'),
          col('periods', 'per_actor'),
        ],
        from: fromQuery(perActor, 'per_actor'),
        joins: [
          {
            type: 'LEFT',
            item: fromQuery(currentPersons(['created_at']), 'person'),
            on: eq(col('id', 'person'), col('actor', 'per_actor')),
          },
        ],
      });

  const periods = col('periods');
  const p = col('p');
  const i = col('i');
  const statusOf = fn(
    'if',
    and(eq(i, num(1)), eq(p, col('created_period'))),
    str('new'),
    fn(
      'if',
      and(op('>', i, num(1)), eq(fn('arrayElement', periods, op('-', i, num(1))), op('-', p, num(1)))),
      str('returning'),
      str('resurrecting'),
    ),
  );
  const followedByActivity = and(
    op('<', i, fn('length', periods)),
    eq(fn('arrayElement', periods, op('+', i, num(1))), op('+', p, num(1))),
  );
  const pairs = fn(
    'arrayConcat',
    fn('arrayMap', lambda(['p', 'i'], tuple(p, statusOf)), periods, fn('arrayEnumerate', periods)),
    fn(
      'arrayMap',
      lambda(['p'], tuple(op('+', p, num(1)), str('dormant'))),
      fn('arrayFilter', lambda(['p', 'i'], not(followedByActivity)), periods, fn('arrayEnumerate', periods)),
    ),
  );
  const index = op('-', fn('tupleElement', col('pair'), num(1)), period(instant(first)));
  const pairRows = select({
    select: [col('actor'), alias(index, 'idx'), alias(fn('tupleElement', col('pair'), num(2)), 'status')],
    from: fromQuery(activity, 'activity'),
    arrayJoin: alias(pairs, 'pair'),
    where: and(op('>=', col('idx'), num(0)), op('<', col('idx'), num(buckets.length))),
  });
  return { interval, buckets, pairs: pairRows };
}
