import type { BehavioralCriterion, CohortCriteriaGroup, CohortCriterionLeaf } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { cohortById } from '../definitions/query-definitions';
import { entityEventNames, entityExpr, entityFilters, typedEntity } from '../filters/entity-expr';
import { type PropertySources, propertiesExpr, propertyFilterExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { currentPersons } from '../sources/current-persons';
import { eventsSource } from '../sources/events-source';
import type { Expr, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  col,
  eq,
  fn,
  not,
  num,
  op,
  or,
  param,
  select,
  subquery,
  table,
} from '../sql/sql-builders';
import { behavioralAggregate } from './behavioral-aggregate';
import { isCriteriaGroup } from './cohort-criteria';

const FIELD = 'filters';

/** Whether `personId` is a member of the cohort: `personId IN (its members)`. */
export function inCohort(
  personId: Expr,
  cohortId: number,
  ctx: QueryContext,
  path: readonly number[] = [],
): Expr {
  return op('IN', personId, subquery(cohortMembers(cohortId, ctx, path)));
}

/**
 * The ids (`person_id`) of a cohort's persons as they stand at `ctx.now`: a static cohort's list, or
 * the persons a dynamic cohort's criteria select, evaluated inline (person properties on the current
 * persons, behavioral criteria over each person's events, other cohorts by their own members).
 * `path` is the chain of cohorts that led here, so that a cohort referring to itself is refused.
 */
export function cohortMembers(cohortId: number, ctx: QueryContext, path: readonly number[] = []): Select {
  if (path.includes(cohortId))
    throw invalidInput(`Cohort ${cohortId} refers to itself (${[...path, cohortId].join(' → ')}).`, FIELD);
  const cohort = cohortById(ctx.definitions, cohortId, FIELD);
  if (cohort.isStatic) return staticMembers(cohortId);
  if (!cohort.criteria) throw invalidInput(`Cohort ${cohortId} has no criteria.`, FIELD);
  return dynamicMembers(cohort.criteria, ctx, [...path, cohortId]);
}

function staticMembers(cohortId: number): Select {
  return select({
    select: [col('person_id')],
    from: table('cohort_people', 'cohort_people'),
    where: eq(col('cohort_id'), param(cohortId, 'Int64')),
    groupBy: [col('person_id')],
    having: eq(fn('argMax', col('is_deleted'), col('version')), num(0)),
  });
}

function dynamicMembers(criteria: CohortCriteriaGroup, ctx: QueryContext, path: readonly number[]): Select {
  const personSources: PropertySources = {
    event: col('properties', 'person'),
    person: col('properties', 'person'),
    group: () => null,
    metadata: () => null,
    cohort: null,
  };
  const behavioral: BehavioralCriterion[] = [];
  const walk = (node: CohortCriteriaGroup | CohortCriterionLeaf): Expr => {
    if (isCriteriaGroup(node)) {
      const parts = node.values.map(walk);
      return node.type === 'AND' ? and(...parts) : or(...parts);
    }
    let condition: Expr;
    if (node.type === 'behavioral') {
      behavioral.push(node);
      condition = op('=', col(`b${behavioral.length - 1}`, 'behavior'), num(1));
    } else if (node.type === 'person') {
      condition = propertyFilterExpr(node, personSources);
    } else {
      const member = inCohort(col('id', 'person'), node.value, ctx, path);
      condition = node.operator === 'not_in' ? not(member) : member;
    }
    return node.negation ? not(condition) : condition;
  };
  const where = walk(criteria);
  return select({
    select: [alias(col('id', 'person'), 'person_id')],
    from: { kind: 'subquery', query: currentPersons(['properties']), alias: 'person' },
    joins:
      behavioral.length === 0
        ? []
        : [
            {
              type: 'LEFT',
              item: { kind: 'subquery', query: behaviorPerPerson(behavioral, ctx), alias: 'behavior' },
              on: eq(col('person_id', 'behavior'), col('id', 'person')),
            },
          ],
    where,
  });
}

/** One row per person who has any of the criteria's events: `b<i>` = 1 when criterion i holds. */
function behaviorPerPerson(criteria: BehavioralCriterion[], ctx: QueryContext): Select {
  const entities = criteria.map((c) => ({
    main: typedEntity(c.key, c.event_type, FIELD),
    seq:
      c.value === 'performed_event_sequence' && c.seq_event !== undefined && c.seq_event !== null
        ? typedEntity(c.seq_event, c.seq_event_type ?? 'events', FIELD)
        : null,
  }));
  const all = entities.flatMap((e) => (e.seq ? [e.main, e.seq] : [e.main]));
  const source = eventsSource(
    {
      filters: [...criteria.map((c) => c.event_filters), ...all.flatMap((e) => entityFilters(e, ctx, FIELD))],
    },
    ctx,
  );
  const names = all.map((e) => entityEventNames(e, ctx, FIELD));
  const columns = criteria.map((criterion, i) => {
    const { main, seq } = entities[i] as (typeof entities)[number];
    const filters = propertiesExpr(criterion.event_filters, source.properties);
    const aggregate = behavioralAggregate(criterion, {
      matches: and(entityExpr(main, source.properties, ctx, FIELD), filters),
      seqMatches: seq ? entityExpr(seq, source.properties, ctx, FIELD) : null,
      timestamp: source.timestamp,
      now: ctx.now,
      timeZone: ctx.timeZone,
      weekStartDay: ctx.weekStartDay,
    });
    return alias(fn('toUInt8', aggregate), `b${i}`);
  });
  return select({
    select: [alias(source.personId, 'person_id'), ...columns],
    from: source.from,
    joins: source.joins,
    where: names.some((n) => n === null)
      ? undefined
      : op('IN', source.column('event'), param([...new Set(names.flat() as string[])], 'Array(String)')),
    groupBy: [source.personId],
  });
}
