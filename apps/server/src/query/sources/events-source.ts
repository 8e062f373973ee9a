import type { Properties, PropertyFilterNode, PropertyGroup } from '@hedgerow/schema';
import type { PropertySources } from '../filters/property-filter-expr';
import { eventColumn } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import type { Expr, FromItem, Join } from '../sql/sql-ast';
import { alias, col, eq, fn, num, select, table } from '../sql/sql-builders';
import { currentDistinctIds } from './current-distinct-ids';
import { currentPersons } from './current-persons';

export interface EventsSourceOptions {
  /**
   * The property filters the query will apply to these events: persons and groups are joined when
   * a filter reads their properties.
   */
  filters?: readonly (Properties | null | undefined)[];
  /** Join persons to read their properties (for what is not a filter: a breakdown, a math property). */
  personProperties?: boolean;
  /** Join persons to read when they were created (lifecycle's "new"). */
  personCreatedAt?: boolean;
  /** Group type indexes whose group properties are read (besides those filters read). */
  groups?: number[];
}

/** What the filters read: person properties, and the group types whose properties they use. */
function filterNeeds(lists: readonly (Properties | null | undefined)[]): {
  person: boolean;
  groups: number[];
} {
  let person = false;
  const groups = new Set<number>();
  const walk = (node: PropertyGroup | PropertyFilterNode): void => {
    if ('values' in node && Array.isArray(node.values) && (node.type === 'AND' || node.type === 'OR')) {
      for (const child of node.values) walk(child);
      return;
    }
    const filter = node as PropertyFilterNode;
    if (filter.type === 'person') person = true;
    if (filter.type === 'group' && typeof filter.group_type_index === 'number')
      groups.add(filter.group_type_index);
  };
  for (const list of lists) {
    if (!list) continue;
    if (Array.isArray(list)) list.forEach(walk);
    else walk(list as PropertyGroup);
  }
  return { person, groups: [...groups] };
}

/** The events table with what planners read from it, joined to current persons and groups as needed. */
export interface EventsSource {
  from: FromItem;
  joins: Join[];
  /** The event's current person: through the distinct-id read model, else the id stored on the event. */
  personId: Expr;
  /** The current person's `created_at`, when asked for (epoch for an event whose person is unknown). */
  personCreatedAt: Expr | null;
  timestamp: Expr;
  column: (name: string) => Expr;
  properties: PropertySources;
}

const E = 'e';

/**
 * `events AS e`, always joined to the latest distinct-id → person mapping (so merges apply to past
 * events), and to persons and groups when their properties are needed. Latest rows are chosen with
 * argMax(version), skipping deleted ones; every table is scoped to the project by the compiler.
 */
export function eventsSource(options: EventsSourceOptions, ctx: QueryContext): EventsSource {
  const needs = filterNeeds(options.filters ?? []);
  const joins: Join[] = [
    {
      type: 'LEFT',
      item: { kind: 'subquery', query: currentDistinctIds(), alias: 'pdi' },
      on: eq(col('distinct_id', 'pdi'), col('distinct_id', E)),
    },
  ];
  const personId = fn(
    'if',
    fn('empty', col('person_id', 'pdi')),
    col('person_id', E),
    col('person_id', 'pdi'),
  );

  let personProperties: Expr | null = null;
  let personCreatedAt: Expr | null = null;
  const withProperties = needs.person || options.personProperties === true;
  if (withProperties || options.personCreatedAt) {
    const columns = [
      ...(withProperties ? (['properties'] as const) : []),
      ...(options.personCreatedAt ? (['created_at'] as const) : []),
    ];
    joins.push({
      type: 'LEFT',
      item: { kind: 'subquery', query: currentPersons(columns), alias: 'person' },
      on: eq(col('id', 'person'), personId),
    });
    if (withProperties) personProperties = col('properties', 'person');
    if (options.personCreatedAt) personCreatedAt = col('created_at', 'person');
  }

  const groupProps = new Map<number, Expr>();
  for (const index of new Set([...needs.groups, ...(options.groups ?? [])])) {
    const name = `group_${index}`;
    const groups = select({
      select: [col('group_key'), alias(fn('argMax', col('group_properties'), col('version')), 'properties')],
      from: table('groups', `${name}_rows`),
      where: eq(col('group_type_index'), num(index)),
      groupBy: [col('group_key')],
    });
    joins.push({
      type: 'LEFT',
      item: { kind: 'subquery', query: groups, alias: name },
      on: eq(col('group_key', name), col(`$group_${index}`, E)),
    });
    groupProps.set(index, col('properties', name));
  }

  return {
    from: table('events', E),
    joins,
    personId,
    personCreatedAt,
    timestamp: col('timestamp', E),
    column: (name) => col(name, E),
    properties: {
      event: col('properties', E),
      person: personProperties,
      group: (index) => groupProps.get(index) ?? null,
      metadata: (name) => (name === 'person_id' ? personId : eventColumn(name, E)),
      cohort: ctx.inCohort ? (id) => ctx.inCohort?.(personId, id) as Expr : null,
    },
  };
}
