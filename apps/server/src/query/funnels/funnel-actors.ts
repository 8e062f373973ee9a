import type { FunnelsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { breakdownJoins } from '../breakdowns/breakdown-spec';
import { inCohort } from '../cohorts/cohort-members';
import { entityExpr, seriesEntity, seriesExpr, seriesFilters } from '../filters/entity-expr';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { eventsSource } from '../sources/events-source';
import type { Expr, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  col,
  eq,
  fn,
  fromQuery,
  lambda,
  num,
  op,
  or,
  param,
  select,
  str,
  tuple,
} from '../sql/sql-builders';
import type { ResolvedDateRange } from '../time/resolve-date-range';
import { actorExpr } from '../trends/series-math';
import { type FunnelBreakdown, funnelBreakdown, funnelBreakdownExpr } from './funnel-breakdown';
import { funnelFold, prepareFunnelEvents } from './funnel-fold';
import { funnelWindowMs } from './funnel-window';
import { multiStepFunnelFold, needsGeneralFold } from './multi-step-funnel-fold';
import { simpleFunnelFold } from './simple-funnel-fold';

export interface FunnelActorsPlan {
  /**
   * Per actor (and breakdown value): `actor`, `bv`, `times` (the best attempt's times, in ms, of the
   * mandatory steps it reached) and `optional_mask` (bit k: it went through optional step k+1).
   */
  query: Select;
  steps: number;
  /** Each step's rank among the mandatory steps (1-based), null for an optional step. */
  ranks: (number | null)[];
}

const times = col('times');

/** Whether the actor's best attempt reached step `i` (0-based); read over a plan's rows. */
export function reachedStep(plan: FunnelActorsPlan, i: number): Expr {
  const rank = plan.ranks[i];
  if (rank === undefined) return num(0);
  return rank === null
    ? fn('bitTest', col('optional_mask'), num(i))
    : op('>=', fn('length', times), num(rank));
}

/** The time (ms) the actor's best attempt reached mandatory step `i`, or null for an optional step. */
export function stepTime(plan: FunnelActorsPlan, i: number): Expr | null {
  const rank = plan.ranks[i];
  return rank === null || rank === undefined ? null : fn('arrayElement', times, num(rank));
}

/** The mandatory step before step `i` (0-based), or null for the first. */
export function previousMandatory(plan: FunnelActorsPlan, i: number): number | null {
  for (let k = i - 1; k >= 0; k--) if (plan.ranks[k] !== null) return k;
  return null;
}

/**
 * One row per aggregation target (person or group) with the breakdown value it counts under and the
 * timestamps of its best attempt (its length is how many steps it reached). Events are read once:
 * each gets a bitmask of the steps and exclusions it matches, and the funnel is folded per actor in
 * ClickHouse (see funnel-fold.ts), so the cost grows linearly with the number of steps.
 */
export function funnelActorsPlan(
  query: FunnelsQuery,
  range: ResolvedDateRange,
  ctx: QueryContext,
): FunnelActorsPlan {
  const breakdown = funnelBreakdown(query);
  if (breakdown?.spec.kind !== 'cohorts') return actorsPlan(query, range, ctx, breakdown, null);
  // By cohorts: the funnel of each cohort's members, each its own line.
  const plans = breakdown.spec.cohorts.map((cohort) => actorsPlan(query, range, ctx, null, cohort));
  return {
    query: select({
      select: [col('actor'), col('bv'), col('times'), col('optional_mask')],
      from: {
        kind: 'subquery',
        query: { kind: 'union', queries: plans.map((p) => p.query) },
        alias: 'per_cohort',
      },
    }),
    steps: query.series.length,
    ranks: stepRanks(query),
  };
}

/** Each step's rank among the mandatory steps (1-based), null for optional ones. */
function stepRanks(query: FunnelsQuery): (number | null)[] {
  let rank = 0;
  return query.series.map((s) => (s.optionalInFunnel ? null : ++rank));
}

/** The plan for one funnel: broken down by properties, or restricted to one cohort's members. */
function actorsPlan(
  query: FunnelsQuery,
  range: ResolvedDateRange,
  ctx: QueryContext,
  breakdown: FunnelBreakdown | null,
  cohort: number | 'all' | null,
): FunnelActorsPlan {
  const filter = query.funnelsFilter ?? {};
  const order = filter.funnelOrderType ?? 'ordered';
  const steps = query.series;
  const exclusions = filter.exclusions ?? [];
  const last = steps.length - 1;
  for (const [i, e] of exclusions.entries()) {
    if (!(e.funnelFromStep < e.funnelToStep && e.funnelToStep <= last)) {
      throw invalidInput(
        `Exclusion ${i} must span steps from < to ≤ ${last}.`,
        `funnelsFilter__exclusions__${i}`,
      );
    }
    if (order === 'unordered' && (e.funnelFromStep !== 0 || e.funnelToStep !== last)) {
      throw invalidInput(
        'Unordered funnels only accept exclusions over the whole funnel.',
        `funnelsFilter__exclusions__${i}`,
      );
    }
  }
  if (steps[0]?.optionalInFunnel)
    throw invalidInput('The first step of a funnel cannot be optional.', 'series__0');
  if (order === 'unordered' && steps.some((s) => s.optionalInFunnel))
    throw invalidInput('Unordered funnels have no optional steps.', 'series');
  const attribution = filter.breakdownAttributionType ?? 'first_touch';
  if (
    order === 'unordered' &&
    breakdown &&
    attribution === 'step' &&
    (filter.breakdownAttributionValue ?? 0) !== 0
  ) {
    throw invalidInput('Unordered funnels only accept step 0 breakdown attribution.', 'funnelsFilter');
  }
  const testAccounts = query.filterTestAccounts ? ctx.testAccountFilters : [];
  const filters = [
    query.properties,
    testAccounts,
    ...steps.flatMap((s) => seriesFilters(s, ctx, 'series')),
    ...exclusions.flatMap((e) => seriesFilters(e, ctx, 'funnelsFilter__exclusions')),
  ];
  const source = eventsSource(
    {
      filters,
      ...breakdownJoins(breakdown?.spec ?? null),
    },
    ctx,
  );
  const actor = actorExpr(source, query.aggregation_group_type_index);

  // First-time steps match only the actor's first-ever event of that name (with filters for *_with_filters).
  const joins = [...source.joins];
  const conditions = steps.map((step, i) => {
    const base = seriesExpr(step, source.properties, ctx, 'series');
    if (step.math !== 'first_time_for_user' && step.math !== 'first_time_for_user_with_filters') return base;
    const firstSource = eventsSource({ filters }, ctx);
    const firsts = select({
      select: [
        alias(actorExpr(firstSource, query.aggregation_group_type_index), 'actor'),
        alias(fn('min', firstSource.timestamp), 'first_ts'),
      ],
      from: firstSource.from,
      joins: firstSource.joins,
      where:
        step.math === 'first_time_for_user_with_filters'
          ? seriesExpr(step, firstSource.properties, ctx, 'series')
          : entityExpr(seriesEntity(step), firstSource.properties, ctx, 'series'),
      groupBy: [col('actor')],
    });
    const name = `first_${i}`;
    joins.push({ type: 'LEFT', item: fromQuery(firsts, name), on: eq(col('actor', name), actor) });
    return and(base, eq(source.timestamp, col('first_ts', name)));
  });
  const exclusionConditions = exclusions.map((e) =>
    seriesExpr(e, source.properties, ctx, 'funnelsFilter__exclusions'),
  );
  const bit = (c: Expr, i: number) => fn('if', c, param(2 ** i, 'UInt64'), param(0, 'UInt64'));
  const sum = (parts: Expr[]) => parts.reduce((a, b) => op('+', a, b), param(0, 'UInt64'));
  const mask = sum(conditions.map(bit));
  const exclusionMask = sum(exclusionConditions.map(bit));

  const bvExpr: Expr = breakdown ? funnelBreakdownExpr(breakdown, source) : str('');
  const empty = str(breakdown?.emptyKey ?? '');
  const inRange = and(
    op('>=', source.timestamp, param(new Date(range.from), "DateTime64(6, 'UTC')")),
    op('<=', source.timestamp, param(new Date(range.to), "DateTime64(6, 'UTC')")),
  );
  const lowestBit = fn('bitAnd', col('mask'), op('+', fn('bitNot', col('mask')), num(1)));
  const event = fn(
    'tuple',
    fn('toUnixTimestamp64Milli', source.timestamp),
    col('mask'),
    col('exclusion_mask'),
    col('bv'),
    fn('if', eq(col('mask'), num(0)), param(2 ** 40, 'UInt64'), lowestBit),
  );
  const perEvent = select({
    select: [
      alias(actor, 'actor'),
      alias(mask, 'mask'),
      alias(exclusionMask, 'exclusion_mask'),
      alias(bvExpr, 'bv'),
      alias(event, 'ev'),
    ],
    from: source.from,
    joins,
    where: and(
      inRange,
      propertiesExpr(query.properties, source.properties),
      propertiesExpr(testAccounts, source.properties),
      cohort !== null && cohort !== 'all' ? inCohort(source.personId, cohort, ctx) : null,
      order === 'strict' ? null : or(...conditions, ...exclusionConditions),
      query.aggregation_group_type_index !== null && query.aggregation_group_type_index !== undefined
        ? op('!=', actor, str(''))
        : null,
    ),
  });
  const byAllValues = breakdown !== null && attribution === 'all_events';
  const grouped = select({
    select: [
      col('actor'),
      ...(byAllValues ? [col('bv')] : []),
      alias(
        fn(
          'arraySort',
          lambda(
            ['e'],
            fn('tuple', fn('tupleElement', col('e'), num(1)), fn('tupleElement', col('e'), num(5))),
          ),
          fn('groupArray', col('ev')),
        ),
        'evs',
      ),
    ],
    from: fromQuery(perEvent, 'funnel_events'),
    groupBy: [col('actor'), ...(byAllValues ? [col('bv')] : [])],
  });

  const foldOptions = {
    steps: steps.length,
    order,
    windowMs: funnelWindowMs(filter),
    exclusions: exclusions.map((e) => ({ from: e.funnelFromStep, to: e.funnelToStep })),
    optional: steps.flatMap((s, i) => (s.optionalInFunnel ? [i + 1] : [])),
  };
  // Most funnels are ordered, with nothing to exclude or skip: there the simple fold gives the same
  // answer from a fraction of the SQL (see simple-funnel-fold.ts). Over distinct event names an event
  // matches one step at most; otherwise (repeated steps, actions) the few actors with same-time
  // events of several steps are folded by the general fold.
  const simple = order === 'ordered' && exclusions.length === 0 && foldOptions.optional.length === 0;
  const singleStepEvents =
    steps.every((s) => s.kind === 'EventsNode' && typeof s.event === 'string') &&
    new Set(steps.map((s) => (s.kind === 'EventsNode' ? s.event : null))).size === steps.length;
  const general = (events: Expr) => funnelFold(prepareFunnelEvents(events), foldOptions);
  const fast = (events: Expr) => tuple(simpleFunnelFold(events, foldOptions), fn('toUInt64', num(0)));
  const folded = (events: Expr) => [
    alias(
      !simple
        ? general(events)
        : singleStepEvents
          ? fast(events)
          : fn(
              'if',
              needsGeneralFold(events),
              general(events),
              tuple(multiStepFunnelFold(events, foldOptions), fn('toUInt64', num(0))),
            ),
      'funnel',
    ),
    alias(fn('tupleElement', col('funnel'), num(1)), 'times'),
    alias(fn('tupleElement', col('funnel'), num(2)), 'optional_mask'),
  ];
  const values = fn('arrayMap', lambda(['e'], fn('tupleElement', col('e'), num(4))), col('evs'));
  const nonEmpty = fn('arrayFilter', lambda(['v'], op('!=', col('v'), empty)), values);
  if (breakdown && attribution === 'step') {
    // One funnel per value seen on the attributed step; past that step only events with the value count.
    const s = filter.breakdownAttributionValue ?? 0;
    if (s > last)
      throw invalidInput(`breakdownAttributionValue must be a step index ≤ ${last}.`, 'funnelsFilter');
    const candidates = fn(
      'arrayDistinct',
      fn(
        'arrayMap',
        lambda(['e'], fn('tupleElement', col('e'), num(4))),
        fn(
          'arrayFilter',
          lambda(['e'], fn('bitTest', fn('tupleElement', col('e'), num(2)), num(s))),
          col('evs'),
        ),
      ),
    );
    const restricted = fn(
      'arrayMap',
      lambda(
        ['e'],
        fn(
          'tuple',
          fn('tupleElement', col('e'), num(1)),
          fn(
            'if',
            and(
              fn('bitTest', fn('tupleElement', col('e'), num(2)), num(s)),
              op('!=', fn('tupleElement', col('e'), num(4)), col('candidate')),
            ),
            fn('bitAnd', fn('tupleElement', col('e'), num(2)), fn('bitNot', param(2 ** s, 'UInt64'))),
            fn('tupleElement', col('e'), num(2)),
          ),
          fn('tupleElement', col('e'), num(3)),
          fn('tupleElement', col('e'), num(4)),
          fn('tupleElement', col('e'), num(5)),
        ),
      ),
      col('evs'),
    );
    const perCandidate = select({
      select: [col('actor'), alias(col('candidate'), 'bv'), ...folded(restricted)],
      from: fromQuery(grouped, 'grouped'),
      arrayJoin: alias(candidates, 'candidate'),
    });
    return {
      query: select({
        select: [col('actor'), col('bv'), col('times'), col('optional_mask')],
        from: fromQuery(perCandidate, 'per_candidate'),
        where: op('>', fn('length', col('times')), num(s)),
      }),
      steps: steps.length,
      ranks: stepRanks(query),
    };
  }
  const personValue =
    cohort !== null
      ? str(cohort === 'all' ? 'all' : String(cohort))
      : !breakdown
        ? str('')
        : byAllValues
          ? col('bv')
          : attribution === 'last_touch'
            ? fn('if', fn('empty', nonEmpty), empty, fn('arrayElement', nonEmpty, num(-1)))
            : fn('if', fn('empty', nonEmpty), empty, fn('arrayElement', nonEmpty, num(1)));
  return {
    query: select({
      select: [col('actor'), alias(personValue, 'bv'), ...folded(col('evs'))],
      from: fromQuery(grouped, 'grouped'),
    }),
    steps: steps.length,
    ranks: stepRanks(query),
  };
}
