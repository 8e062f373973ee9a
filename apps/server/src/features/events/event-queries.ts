import type { EventStore } from '../../event-store/event-store';
import { propertiesExpr } from '../../query/filters/property-filter-expr';
import { runSql } from '../../query/run-sql';
import { currentDistinctIds } from '../../query/sources/current-distinct-ids';
import { currentPersons } from '../../query/sources/current-persons';
import type { Expr, Select } from '../../query/sql/sql-ast';
import {
  alias,
  and,
  col,
  eq,
  fn,
  fromQuery,
  num,
  op,
  param,
  select,
  str,
  subquery,
  table,
  tuple,
} from '../../query/sql/sql-builders';
import { checkRegexPatterns } from './check-regex-patterns';
import type { EventPropertyFilter } from './event-property-filter';
import { parseJsonObject } from './parse-json-object';

/** An event row as read; `timestamp` is ClickHouse text in UTC with microseconds. */
export type EventRow = {
  id: string;
  event: string;
  distinct_id: string;
  properties: string;
  elements_chain: string;
  timestamp: string;
};

/** What the events list shows of the person behind an event's distinct id. */
export interface EventPerson {
  isIdentified: boolean;
  /** The person's first distinct id (sorted), as PostHog sends only one to keep lists small. */
  distinctIds: string[];
  properties: Record<string, unknown>;
}

export interface EventListFilter {
  /** ISO 8601 instants, parsed by the engine so that microseconds survive. */
  after?: string;
  before?: string;
  /** With `before`: also events at exactly `before` whose uuid sorts below this one (the cursor). */
  beforeUuid?: string;
  event?: string;
  distinctId?: string;
  personId?: string;
  properties: readonly EventPropertyFilter[];
}

const E = 'e';

/** An instant given as ISO 8601 text, parsed by the engine to microseconds in UTC. */
const instant = (iso: string): Expr => fn('parseDateTime64BestEffort', str(iso), num(6), str('UTC'));

/** The columns an event row is read with. */
const eventColumns = (): Expr[] => [
  alias(fn('toString', col('uuid', E)), 'id'),
  alias(col('event', E), 'event'),
  alias(col('distinct_id', E), 'distinct_id'),
  alias(col('properties', E), 'properties'),
  alias(col('elements_chain', E), 'elements_chain'),
  alias(col('timestamp', E), 'timestamp'),
];

/**
 * Reads events from the event store for the events API, through the query layer: SQL trees with every
 * value bound, scoped to the project by the compiler, property filters compiled by the same code as
 * insights. Newest first, with (timestamp, uuid) as the total order so that a cursor can continue
 * exactly where a page ended even when events share a timestamp.
 */
export class EventQueries {
  constructor(private readonly store: EventStore) {}

  async list(teamId: number, filter: EventListFilter, limit: number): Promise<EventRow[]> {
    const ts = col('timestamp', E);
    let cursor: Expr | null = null;
    if (filter.before !== undefined) {
      cursor =
        filter.beforeUuid === undefined
          ? op('<', ts, instant(filter.before))
          : and(
              // The plain bound lets the engine prune by the sorting key; the tuple breaks ties exactly.
              op('<=', ts, instant(filter.before)),
              op(
                '<',
                tuple(ts, col('uuid', E)),
                tuple(instant(filter.before), param(filter.beforeUuid, 'UUID')),
              ),
            );
    }
    const where = and(
      filter.after !== undefined ? op('>', ts, instant(filter.after)) : null,
      cursor,
      filter.event !== undefined ? eq(col('event', E), str(filter.event)) : null,
      filter.distinctId !== undefined ? eq(col('distinct_id', E), str(filter.distinctId)) : null,
      filter.personId !== undefined ? personDistinctIdsFilter(filter.personId) : null,
      // The same compiler as insights; the API's schema has already refused all but event filters.
      propertiesExpr(
        filter.properties.map((f) => ({
          type: 'event' as const,
          key: f.key,
          operator: f.operator,
          value: f.values,
        })),
        {
          event: col('properties', E),
          person: null,
          group: () => null,
          metadata: () => null,
          cohort: null,
        },
      ),
    );

    await checkRegexPatterns(this.store, teamId, filter.properties);
    return runSql<EventRow>(
      this.store,
      teamId,
      select({
        select: eventColumns(),
        from: table('events', E),
        where,
        orderBy: [
          { expr: ts, direction: 'DESC' },
          { expr: col('uuid', E), direction: 'DESC' },
        ],
        // Hides a duplicate row (an SDK retry) that the table has not merged away yet.
        limitBy: { limit: num(1), by: [col('uuid', E)] },
        limit: param(limit, 'UInt32'),
      }),
    );
  }

  async find(teamId: number, uuid: string): Promise<EventRow | undefined> {
    const rows = await runSql<EventRow>(
      this.store,
      teamId,
      select({
        select: eventColumns(),
        from: table('events', E),
        where: eq(col('uuid', E), param(uuid, 'UUID')),
        limit: num(1),
      }),
    );
    return rows[0];
  }

  /** The current person of each distinct id that has one (personless ids are absent). */
  async personsOf(teamId: number, distinctIds: readonly string[]): Promise<Map<string, EventPerson>> {
    const ids = [...new Set(distinctIds)];
    if (ids.length === 0) return new Map();
    const idList = () => param(ids, 'Array(String)');
    // Persons are read only for the ids asked about: any person any of them ever pointed at.
    const everMapped = select({
      select: [col('person_id', 'pdi_any')],
      from: table('person_distinct_ids', 'pdi_any'),
      where: op('IN', col('distinct_id', 'pdi_any'), idList()),
    });
    const current = await runSql<{
      distinct_id: string;
      person_id: string;
      properties: string;
      is_identified: number;
    }>(
      this.store,
      teamId,
      select({
        select: [
          alias(col('distinct_id', 'd'), 'distinct_id'),
          alias(fn('toString', col('person_id', 'd')), 'person_id'),
          alias(col('properties', 'p'), 'properties'),
          alias(col('is_identified', 'p'), 'is_identified'),
        ],
        from: fromQuery(currentDistinctIds({ distinctId: (d) => op('IN', d, idList()) }), 'd'),
        joins: [
          {
            type: 'INNER',
            item: fromQuery(
              currentPersons(['properties', 'is_identified'], { ids: subquery(everMapped) }),
              'p',
            ),
            on: eq(col('id', 'p'), col('person_id', 'd')),
          },
        ],
      }),
    );
    const personIds = [...new Set(current.map((r) => r.person_id))];
    const firsts = new Map<string, string>();
    if (personIds.length > 0) {
      const rows = await runSql<{ pid: string; first_distinct_id: string }>(
        this.store,
        teamId,
        select({
          select: [
            alias(fn('toString', col('person_id', 'd')), 'pid'),
            alias(fn('min', col('distinct_id', 'd')), 'first_distinct_id'),
          ],
          from: fromQuery(currentDistinctIds({ personIds: param(personIds, 'Array(UUID)') }), 'd'),
          groupBy: [col('person_id', 'd')],
        }),
      );
      for (const r of rows) firsts.set(r.pid, r.first_distinct_id);
    }
    const out = new Map<string, EventPerson>();
    for (const r of current) {
      out.set(r.distinct_id, {
        isIdentified: Number(r.is_identified) === 1,
        distinctIds: [firsts.get(r.person_id) ?? r.distinct_id],
        properties: parseJsonObject(r.properties),
      });
    }
    return out;
  }
}

/**
 * Events of a person as PostHog's legacy events list finds them: those whose distinct id belongs to
 * the person now (its current distinct ids, the ones merged in included). Unlike insights, which fall
 * back to the person stored on the event, this never lists an event under a person it is not shown
 * with (a personless event's, or one of a deleted person's ids).
 */
function personDistinctIdsFilter(personId: string): Expr {
  const ofPerson: Select = select({
    select: [col('distinct_id', 'd')],
    from: fromQuery(currentDistinctIds({ personIds: param([personId], 'Array(UUID)') }), 'd'),
  });
  return op('IN', col('distinct_id', E), subquery(ofPerson));
}
