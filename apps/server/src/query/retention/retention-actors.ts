import type { RetentionEntity, RetentionQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { breakdownPropertyExpr, propertyJoins } from '../breakdowns/breakdown-spec';
import {
  type Entity,
  entityEventNames,
  entityExpr,
  entityFilters,
  typedEntity,
} from '../filters/entity-expr';
import { propertyString } from '../filters/property-access';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { currentPersons } from '../sources/current-persons';
import { eventsSource } from '../sources/events-source';
import type { Expr, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  array,
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
} from '../sql/sql-builders';
import { periodIndexExpr } from './period-index-expr';
import { type RetentionBreakdown, retentionBreakdown } from './retention-breakdown';
import type { RetentionPeriods } from './retention-periods';

/** PostHog's default for a missing target or returning entity. */
const PAGEVIEW: RetentionEntity = { id: '$pageview', type: 'events' };

export interface RetentionActors {
  /**
   * One row per actor (and breakdown value, when there is one): `actor`, `bv`, `cohorts` (indexes of
   * the cohort periods the actor belongs to) and `returns` (indexes of the periods in range in which
   * the actor did the returning event, at least `minimumOccurrences` times), or with `returnMask`
   * `return_mask` instead: those periods as the bits of a UInt64.
   */
  query: Select;
  returnMask: boolean;
  breakdown: RetentionBreakdown | null;
}

const TARGET = 'retentionFilter__targetEntity';
const RETURNING = 'retentionFilter__returningEntity';

/** Refuses what PostHog accepts but we do not compute yet, naming the field. */
function assertSupported(query: RetentionQuery): void {
  const filter = query.retentionFilter ?? {};
  if (filter.timeWindowMode === '24_hour_windows') {
    throw invalidInput(
      'Retention over rolling 24-hour windows is not supported yet; use strict_calendar_dates.',
      'retentionFilter__timeWindowMode',
    );
  }
  if (filter.retentionCustomBrackets && filter.retentionCustomBrackets.length > 0) {
    throw invalidInput(
      'Custom retention brackets are not supported yet.',
      'retentionFilter__retentionCustomBrackets',
    );
  }
  if (filter.aggregationType === 'sum' || filter.aggregationType === 'avg') {
    throw invalidInput(
      'Retention sums and averages of a property are not supported yet; only counts of actors.',
      'retentionFilter__aggregationType',
    );
  }
}

function entityOf(entity: RetentionEntity, field: string): Entity {
  const type = entity.type ?? (entity.kind === 'ActionsNode' ? 'actions' : 'events');
  return typedEntity(entity.id, type, field);
}

/**
 * Retention per actor from one scan of the events: target and returning events are read together
 * (only their event names when both have one, and for recurring retention only inside the range) and
 * folded per actor into the periods they fall in (bitmasks up to 64 periods, arrays beyond), so
 * counting cohorts needs no second pass and no per-actor round trip. (Aggregating per distinct id
 * before mapping ids to persons was measured slower than mapping every event: the second
 * aggregation cost more than the join.)
 *
 * - recurring: an actor belongs to the cohort of every period in which they did the target event;
 * - first time: only to the cohort of their first target event matching the filters, searched over
 *   all time before the range ends (an actor whose first one is before the range is in no cohort);
 * - first ever occurrence: as first time, but the very first event of the target's name must itself
 *   match the target's property filters.
 *
 * With a breakdown, rows are per actor and breakdown value of the event (PostHog's grouping), so an
 * event property breakdown follows each value's own target and returning events.
 */
export function retentionActorsQuery(
  query: RetentionQuery,
  periods: RetentionPeriods,
  ctx: QueryContext,
): RetentionActors {
  assertSupported(query);
  const filter = query.retentionFilter ?? {};
  const target = filter.targetEntity ?? PAGEVIEW;
  const returning = filter.returningEntity ?? PAGEVIEW;
  const mode = filter.retentionType ?? 'retention_recurring';
  const recurring = mode === 'retention_recurring';
  const breakdown = retentionBreakdown(query);
  const testAccounts = query.filterTestAccounts ? ctx.testAccountFilters : [];
  const targetEntity = entityOf(target, TARGET);
  const returnEntity = entityOf(returning, RETURNING);
  const groupIndex = query.aggregation_group_type_index;
  const byGroup = groupIndex !== null && groupIndex !== undefined;
  // A person's (current) properties are the same on all their events, so a person breakdown is read
  // once per person after folding instead of from every event. Groups can span persons: per event.
  const personValueLater = breakdown?.property.type === 'person' && !byGroup;
  const source = eventsSource(
    {
      filters: [
        query.properties,
        testAccounts,
        target.properties,
        returning.properties,
        ...entityFilters(targetEntity, ctx, TARGET),
        ...entityFilters(returnEntity, ctx, RETURNING),
      ],
      ...(breakdown && !personValueLater ? propertyJoins([breakdown.property]) : {}),
    },
    ctx,
  );

  const actor = byGroup ? source.column(`$group_${groupIndex}`) : source.personId;
  const isTargetName = entityExpr(targetEntity, source.properties, ctx, TARGET);
  const isTarget = and(isTargetName, propertiesExpr(target.properties, source.properties));
  const isReturn = and(
    entityExpr(returnEntity, source.properties, ctx, RETURNING),
    propertiesExpr(returning.properties, source.properties),
  );
  const ts = source.timestamp;
  const at = (ms: number) => param(new Date(ms), "DateTime64(6, 'UTC')");
  const index = (t: Expr) => periodIndexExpr(t, periods, ctx.timeZone, ctx.weekStartDay);
  const minimum = filter.minimumOccurrences ?? 1;
  // Up to 64 periods, an actor's periods are the bits of one UInt64: OR-ing bits is far cheaper than
  // collecting sets, and the runner reads returning periods with shifts instead of lambdas.
  const asMask = periods.starts.length <= 64 && minimum <= 1;
  // First-time retention also scans events before the range: they get bit 0 here, but their
  // conditions keep them out of every mask.
  const bit = (t: Expr) =>
    fn('bitShiftLeft', fn('toUInt64', num(1)), fn('toUInt8', fn('greatest', index(t), num(0))));

  const columns: Expr[] = [];
  if (recurring && asMask) {
    columns.push(
      alias(fn('groupBitOrIf', bit(ts), isTarget), 'cohort_mask'),
      alias(fn('bitPositionsToArray', col('cohort_mask')), 'cohorts'),
    );
  } else if (recurring) {
    columns.push(alias(fn('groupUniqArrayIf', index(ts), isTarget), 'cohorts'));
  } else {
    // The period of the actor's first target event; -1 (none, or before the range) is dropped.
    columns.push(alias(fn('minIf', ts, isTarget), 'first_target'));
    let valid = op('>', fn('countIf', isTarget), num(0));
    if (mode === 'retention_first_ever_occurrence') {
      columns.push(alias(fn('minIf', ts, isTargetName), 'first_of_name'));
      valid = and(valid, eq(col('first_target'), col('first_of_name')));
    }
    columns.push(
      alias(
        fn(
          'arrayFilter',
          lambda(['p'], op('>=', col('p'), num(0))),
          array(fn('if', valid, index(col('first_target')), num(-1))),
        ),
        'cohorts',
      ),
    );
  }

  // Returning periods inside the range (recurring retention reads only the range anyway).
  const countsReturn = and(isReturn, recurring ? null : op('>=', ts, at(periods.from)));
  const sameEntity =
    JSON.stringify([target.id ?? null, target.properties ?? null]) ===
    JSON.stringify([returning.id ?? null, returning.properties ?? null]);
  if (asMask) {
    // When the same events make both, they are aggregated once.
    columns.push(
      alias(
        recurring && sameEntity ? col('cohort_mask') : fn('groupBitOrIf', bit(ts), countsReturn),
        'return_mask',
      ),
    );
  } else if (minimum <= 1 && recurring && sameEntity) {
    columns.push(alias(col('cohorts'), 'returns'));
  } else if (minimum <= 1) {
    columns.push(alias(fn('groupUniqArrayIf', index(ts), countsReturn), 'returns'));
  } else {
    // Every returning event's period; the n-th occurrence of a period (arrayEnumerateUniq numbers
    // repeats 1, 2, …) marks each period reached at least n times, once.
    columns.push(
      alias(fn('groupArrayIf', index(ts), countsReturn), 'return_periods'),
      alias(
        fn(
          'arrayFilter',
          lambda(['r', 'n'], eq(col('n'), param(minimum, 'UInt64'))),
          col('return_periods'),
          fn('arrayEnumerateUniq', col('return_periods')),
        ),
        'returns',
      ),
    );
  }

  let bv: Expr | null = null;
  if (breakdown && !personValueLater) {
    // PostHog's retention breaks a missing value down as "" (not trends' null sentinel).
    bv = fn('ifNull', breakdownPropertyExpr(breakdown.property, source), str(''));
  }

  // Reading only the two entities' events lets the engine skip the rest by the table's sort key.
  const names = [entityEventNames(targetEntity, ctx, TARGET), entityEventNames(returnEntity, ctx, RETURNING)];
  const byName = names.every((n) => n !== null)
    ? op('IN', source.column('event'), param([...new Set(names.flat() as string[])], 'Array(String)'))
    : null;

  const perActor = select({
    select: [alias(actor, 'actor'), ...(bv ? [alias(bv, 'bv')] : []), ...columns],
    from: source.from,
    joins: source.joins,
    where: and(
      byName,
      propertiesExpr(query.properties, source.properties),
      propertiesExpr(testAccounts, source.properties),
      or(mode === 'retention_first_ever_occurrence' ? isTargetName : isTarget, isReturn),
      recurring ? op('>=', ts, at(periods.from)) : null,
      op('<', ts, at(periods.end)),
      byGroup ? op('!=', actor, str('')) : null,
    ),
    groupBy: [col('actor'), ...(bv ? [col('bv')] : [])],
  });
  if (!breakdown || !personValueLater) return { query: perActor, breakdown, returnMask: asMask };

  const folded = 'per_actor';
  return {
    query: select({
      select: [
        col('actor', folded),
        alias(
          fn('ifNull', propertyString(col('properties', 'person'), breakdown.property.key), str('')),
          'bv',
        ),
        col('cohorts', folded),
        col(asMask ? 'return_mask' : 'returns', folded),
      ],
      from: fromQuery(perActor, folded),
      joins: [
        {
          type: 'LEFT',
          item: fromQuery(currentPersons(['properties']), 'person'),
          on: eq(col('id', 'person'), col('actor', folded)),
        },
      ],
    }),
    breakdown,
    returnMask: asMask,
  };
}
