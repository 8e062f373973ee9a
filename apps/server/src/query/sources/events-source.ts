import type { PropertySources } from '../filters/property-filter-expr';
import { eventColumn } from '../filters/property-filter-expr';
import type { Expr, FromItem, Join } from '../sql/sql-ast';
import { alias, col, eq, fn, num, select, table } from '../sql/sql-builders';
import { currentDistinctIds } from './current-distinct-ids';
import { currentPersons } from './current-persons';

export interface EventsSourceOptions {
  /** Join persons to read their properties. */
  personProperties?: boolean;
  /** Join persons to read when they were created (lifecycle's "new"). */
  personCreatedAt?: boolean;
  /** Group type indexes whose group properties are read. */
  groups?: number[];
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
export function eventsSource(options: EventsSourceOptions = {}): EventsSource {
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
  if (options.personProperties || options.personCreatedAt) {
    const columns = [
      ...(options.personProperties ? (['properties'] as const) : []),
      ...(options.personCreatedAt ? (['created_at'] as const) : []),
    ];
    joins.push({
      type: 'LEFT',
      item: { kind: 'subquery', query: currentPersons(columns), alias: 'person' },
      on: eq(col('id', 'person'), personId),
    });
    if (options.personProperties) personProperties = col('properties', 'person');
    if (options.personCreatedAt) personCreatedAt = col('created_at', 'person');
  }

  const groupProps = new Map<number, Expr>();
  for (const index of new Set(options.groups ?? [])) {
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
    },
  };
}
