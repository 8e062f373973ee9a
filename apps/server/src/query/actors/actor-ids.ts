import { invalidInput } from '../../http/api-error';
import type { QueryContext } from '../query-context';
import { col, fromQuery, select } from '../sql/sql-builders';
import { type ActorsSource, insightActors, sourceInsight } from './actors-runner';

/**
 * The ids of every person behind an insight's data point (a funnel step or its drop-offs, a trends
 * point, a correlation row), e.g. to keep them as a static cohort. Group actors are refused.
 */
export async function personIdsOf(source: ActorsSource, ctx: QueryContext, field: string): Promise<string[]> {
  const groupIndex = sourceInsight(source).aggregation_group_type_index;
  if (groupIndex !== null && groupIndex !== undefined)
    throw invalidInput('This insight counts groups, not persons.', field);
  const rows = await ctx.run<{ actor: string }>(
    select({ select: [col('actor')], from: fromQuery(await insightActors(source, ctx), 'actors') }),
  );
  return [...new Set(rows.map((r) => r.actor))];
}
