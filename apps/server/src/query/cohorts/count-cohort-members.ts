import type { QueryContext } from '../query-context';
import { alias, fn, fromQuery, select } from '../sql/sql-builders';
import { cohortMembers } from './cohort-members';

/** How many persons are in the cohort now. */
export async function countCohortMembers(cohortId: number, ctx: QueryContext): Promise<number> {
  const rows = await ctx.run<{ members: number }>(
    select({
      select: [alias(fn('count'), 'members')],
      from: fromQuery(cohortMembers(cohortId, ctx), 'cohort_members'),
    }),
  );
  return Number(rows[0]?.members ?? 0);
}
