import type { FunnelsQuery } from '@hedgerow/schema';
import { type FunnelStepSelection, funnelStepPopulation } from '../funnels/funnel-step-population';
import type { QueryContext } from '../query-context';
import type { Select } from '../sql/sql-ast';
import { alias, col, fn, fromQuery, select } from '../sql/sql-builders';

/**
 * The actors behind one funnel step: `funnelStep` N (1-based) → those who reached step N;
 * −N → those who dropped off at step N (reached N−1, not N); with `funnelStepBreakdown`, only those
 * counted under that breakdown value. Columns: `actor`, `event_count` (the steps the actor reached).
 */
export async function funnelStepActorsQuery(
  selection: FunnelStepSelection,
  query: FunnelsQuery,
  ctx: QueryContext,
): Promise<Select> {
  const { plan, where } = await funnelStepPopulation(query, selection, ctx);
  return select({
    select: [alias(fn('toString', col('actor')), 'actor'), alias(fn('length', col('times')), 'event_count')],
    from: fromQuery(plan.query, 'funnel_actors'),
    where,
  });
}
