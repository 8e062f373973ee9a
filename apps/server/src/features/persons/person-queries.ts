import type { EventStore } from '../../event-store/event-store';
import { propertiesExpr } from '../../query/filters/property-filter-expr';
import { runSql } from '../../query/run-sql';
import { currentDistinctIds } from '../../query/sources/current-distinct-ids';
import { currentPersons } from '../../query/sources/current-persons';
import type { Expr } from '../../query/sql/sql-ast';
import {
  alias,
  and,
  col,
  eq,
  fn,
  fromQuery,
  op,
  or,
  param,
  select,
  str,
  subquery,
} from '../../query/sql/sql-builders';
import { checkRegexPatterns } from '../events/check-regex-patterns';
import type { EventPropertyFilter } from '../events/event-property-filter';

export type PersonListRow = {
  id: string;
  properties: string;
  is_identified: number;
  created_at: string;
};

const P = 'p';

/** `p.id IN (persons that currently own a distinct id for which `matches` holds)`. */
function ownsDistinctId(matches: (distinctId: Expr) => Expr): Expr {
  const owners = select({
    select: [col('person_id', 'd')],
    from: fromQuery(currentDistinctIds({ distinctId: matches }), 'd'),
  });
  return op('IN', col('id', P), subquery(owners));
}

/**
 * Person lists from the event store's read models (the latest version of every row), the way
 * PostHog's persons API reads ClickHouse: they scale with the data and may trail ingestion by a batch.
 * Built as SQL trees and run through the query layer, which scopes them to the project.
 */
export class PersonQueries {
  constructor(private readonly store: EventStore) {}

  /**
   * Newest persons first. `search` matches email, name or any distinct id (case-insensitive,
   * substring); `distinctId` finds the person of exactly that id; `properties` are person property
   * filters, all of which must match.
   */
  async list(
    teamId: number,
    filter: { search?: string; distinctId?: string; properties?: readonly EventPropertyFilter[] },
    page: { limit: number; offset: number },
  ): Promise<PersonListRow[]> {
    let search: Expr | null = null;
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const matches = (e: Expr) => op('ILIKE', e, str(pattern));
      search = or(
        matches(fn('JSONExtractString', col('properties', P), str('email'))),
        matches(fn('JSONExtractString', col('properties', P), str('name'))),
        ownsDistinctId(matches),
      );
    }
    const { distinctId, properties = [] } = filter;
    await checkRegexPatterns(this.store, teamId, properties);
    const byProperties = propertiesExpr(
      properties.map((f) => ({ type: 'person' as const, key: f.key, operator: f.operator, value: f.values })),
      {
        person: col('properties', P),
        // Only person filters reach here (the API's schema refuses the others).
        event: str('{}'),
        group: () => null,
        metadata: () => null,
        cohort: null,
      },
    );
    const conditions = [
      search,
      distinctId !== undefined ? ownsDistinctId((d) => eq(d, str(distinctId))) : null,
      byProperties,
    ].filter((c): c is Expr => c !== null);
    return runSql<PersonListRow>(
      this.store,
      teamId,
      select({
        select: [
          alias(fn('toString', col('id', P)), 'id'),
          alias(col('properties', P), 'properties'),
          alias(col('is_identified', P), 'is_identified'),
          alias(fn('toString', col('created_at', P)), 'created_at'),
        ],
        from: fromQuery(currentPersons(['properties', 'is_identified', 'created_at']), P),
        ...(conditions.length ? { where: and(...conditions) } : {}),
        // The output columns (text), as before: ties on the time are broken by the id's text.
        orderBy: [{ expr: col('created_at'), direction: 'DESC' }, { expr: col('id') }],
        limit: param(page.limit, 'UInt32'),
        offset: param(page.offset, 'UInt32'),
      }),
    );
  }

  /** Distinct ids of each person, sorted. */
  async distinctIdsOf(teamId: number, personIds: readonly string[]): Promise<Map<string, string[]>> {
    if (personIds.length === 0) return new Map();
    const rows = await runSql<{ pid: string; ids: string[] }>(
      this.store,
      teamId,
      select({
        select: [
          alias(fn('toString', col('person_id', 'd')), 'pid'),
          alias(fn('arraySort', fn('groupArray', col('distinct_id', 'd'))), 'ids'),
        ],
        from: fromQuery(currentDistinctIds({ personIds: param([...personIds], 'Array(UUID)') }), 'd'),
        groupBy: [col('person_id', 'd')],
      }),
    );
    return new Map(rows.map((r) => [r.pid, r.ids]));
  }
}
