import type { PathsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { pathSessionsQuery } from '../paths/path-edges-query';
import { pathEdgesInput } from '../paths/paths-runner';
import type { QueryContext } from '../query-context';
import type { Expr, Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, fromQuery, lambda, num, op, select, str } from '../sql/sql-builders';

/**
 * The persons behind a paths node or edge, chosen with the source's `pathsFilter` keys as PostHog's
 * paths actors are (node keys as in the answer: "2_/pricing"):
 * - `pathStartKey` and `pathEndKey`: a session whose path has the edge start → end;
 * - `pathStartKey` alone: a session whose path goes on from start to another item;
 * - `pathEndKey` alone: a session whose path reaches end;
 * - `pathDropoffKey`: a session whose path ends at that node (it cannot be combined with the others);
 * - none: every person with a path.
 * Edge weight and edge limits do not apply (they choose edges to draw, not people). Columns: `actor`,
 * `event_count` (how many of the person's sessions match).
 */
export async function pathsActorsQuery(query: PathsQuery, ctx: QueryContext): Promise<Select> {
  const filter = query.pathsFilter ?? {};
  const start = filter.pathStartKey || null;
  const end = filter.pathEndKey || null;
  const dropoff = filter.pathDropoffKey || null;
  if (dropoff && (start || end))
    throw invalidInput(
      'pathDropoffKey lists who left the path at a node; it cannot be combined with pathStartKey or pathEndKey.',
      'source__pathsFilter__pathDropoffKey',
    );
  const sessions = pathSessionsQuery(await pathEdgesInput(query, ctx));
  const path = col('limited_path');
  const key = (i: Expr) => fn('concat', fn('toString', i), str('_'), fn('arrayElement', path, i));
  const i = col('i');
  const next = op('+', i, num(1));
  const anyStep = (condition: Expr, upTo: Expr) =>
    fn('arrayExists', lambda(['i'], condition), fn('range', num(1), upTo));
  const length = fn('length', path);
  let where: Expr | null = null;
  if (dropoff) where = eq(key(length), str(dropoff));
  else if (start && end) where = anyStep(and(eq(key(i), str(start)), eq(key(next), str(end))), length);
  else if (start) where = anyStep(eq(key(i), str(start)), length);
  else if (end) where = anyStep(eq(key(i), str(end)), op('+', length, num(1)));
  return select({
    select: [alias(fn('toString', col('actor')), 'actor'), alias(fn('count'), 'event_count')],
    from: fromQuery(sessions, 'path_sessions'),
    where: and(op('>', length, num(0)), where),
    groupBy: [col('actor')],
  });
}
