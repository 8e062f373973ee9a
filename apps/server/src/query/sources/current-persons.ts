import type { Expr, Select } from '../sql/sql-ast';
import { alias, col, eq, fn, num, op, select, table } from '../sql/sql-builders';

/** Person columns read from their latest version. */
export type PersonColumn = 'properties' | 'is_identified' | 'created_at';

/**
 * The persons read model as it stands now: `id` plus the asked columns of each person's latest
 * version, deleted persons left out. `ids` (an `Array(UUID)` parameter or a subquery of ids) limits
 * the rows read to those persons.
 */
export function currentPersons(columns: readonly PersonColumn[], filter: { ids?: Expr } = {}): Select {
  return select({
    select: [col('id'), ...columns.map((c) => alias(fn('argMax', col(c), col('version')), c))],
    from: table('persons', 'person_rows'),
    ...(filter.ids ? { where: op('IN', col('id', 'person_rows'), filter.ids) } : {}),
    groupBy: [col('id')],
    having: eq(fn('argMax', col('is_deleted'), col('version')), num(0)),
  });
}
