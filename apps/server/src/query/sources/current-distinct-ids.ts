import type { Expr, Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, num, op, select, subquery, table } from '../sql/sql-builders';

export interface CurrentDistinctIdsFilter {
  /**
   * Keeps distinct ids for which this holds, given the `distinct_id` column (e.g. `IN` a bound list,
   * `ILIKE` a pattern). It filters the raw rows, which is the same as filtering the latest ones
   * because rows are grouped by distinct id, and lets the engine skip the rest of the project.
   */
  distinctId?: (distinctId: Expr) => Expr;
  /** Keeps distinct ids whose current person is one of these (an `Array(UUID)` parameter). */
  personIds?: Expr;
}

const ROWS = 'pdi_rows';

/**
 * The distinct-id read model as it stands now: one row `(distinct_id, person_id)` per distinct id that
 * has a person, from its latest version, deleted ones left out. Everything that maps events to their
 * current person reads it through here, so merges and deletions mean the same in every API.
 *
 * Filters name the raw columns through the `pdi_rows` alias: unqualified, `person_id` would resolve
 * to the `argMax(…) AS person_id` output and put an aggregate in WHERE.
 */
export function currentDistinctIds(filter: CurrentDistinctIdsFilter = {}): Select {
  const conditions: Expr[] = [];
  if (filter.distinctId) conditions.push(filter.distinctId(col('distinct_id', ROWS)));
  if (filter.personIds) {
    // Only ids that ever pointed at these persons can point at them now; the rest are not read.
    const everMapped = select({
      select: [col('distinct_id', 'pdi_any')],
      from: table('person_distinct_ids', 'pdi_any'),
      where: op('IN', col('person_id', 'pdi_any'), filter.personIds),
    });
    conditions.push(op('IN', col('distinct_id', ROWS), subquery(everMapped)));
  }
  const notDeleted = eq(fn('argMax', col('is_deleted'), col('version')), num(0));
  return select({
    select: [col('distinct_id'), alias(fn('argMax', col('person_id'), col('version')), 'person_id')],
    from: table('person_distinct_ids', ROWS),
    ...(conditions.length ? { where: and(...conditions) } : {}),
    groupBy: [col('distinct_id')],
    having: filter.personIds
      ? and(
          notDeleted,
          op('IN', fn('argMax', col('person_id', ROWS), col('version', ROWS)), filter.personIds),
        )
      : notDeleted,
  });
}
