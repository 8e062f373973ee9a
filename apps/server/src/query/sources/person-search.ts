import type { Expr } from '../sql/sql-ast';
import { col, fn, fromQuery, op, or, select, str, subquery } from '../sql/sql-builders';
import { currentDistinctIds } from './current-distinct-ids';

/**
 * PostHog's person search: `search` as a case-insensitive substring of the email or name property,
 * or of any of the person's current distinct ids. `personId` and `properties` name the person's
 * columns in the query that uses it.
 */
export function personSearchExpr(personId: Expr, properties: Expr, search: string): Expr {
  const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const matches = (e: Expr) => op('ILIKE', e, str(pattern));
  const owners = select({
    select: [col('person_id', 'search_ids')],
    from: fromQuery(currentDistinctIds({ distinctId: matches }), 'search_ids'),
  });
  return or(
    matches(fn('JSONExtractString', properties, str('email'))),
    matches(fn('JSONExtractString', properties, str('name'))),
    op('IN', personId, subquery(owners)),
  );
}
