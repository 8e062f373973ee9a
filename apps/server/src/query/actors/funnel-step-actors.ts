import type { FunnelsQuery, InsightActorsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { funnelActorsPlan, previousMandatory, reachedStep } from '../funnels/funnel-actors';
import { funnelBreakdown, funnelBreakdownKey } from '../funnels/funnel-breakdown';
import type { QueryContext } from '../query-context';
import type { Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, fromQuery, not, select, str } from '../sql/sql-builders';
import { resolveDateRange } from '../time/resolve-date-range';

/**
 * The actors behind one funnel step: `funnelStep` N (1-based) → those who reached step N;
 * −N → those who dropped off at step N (reached N−1, not N); with `funnelStepBreakdown`, only those
 * counted under that breakdown value. Columns: `actor`, `event_count` (the steps the actor reached).
 */
export async function funnelStepActorsQuery(
  insight: InsightActorsQuery,
  query: FunnelsQuery,
  ctx: QueryContext,
): Promise<Select> {
  const step = insight.funnelStep;
  if (step === undefined || step === null) throw invalidInput('Funnel actors need funnelStep.', 'funnelStep');
  const steps = query.series.length;
  if (Math.abs(step) > steps || step === -1) {
    throw invalidInput(`funnelStep must be 1…${steps}, or −2…−${steps} for drop-offs.`, 'funnelStep');
  }
  const range = await resolveDateRange(query.dateRange, {
    interval: 'day',
    timeZone: ctx.timeZone,
    weekStartDay: ctx.weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  });
  const plan = funnelActorsPlan(query, range, ctx);
  const index = Math.abs(step) - 1;
  const before = previousMandatory(plan, index);
  const condition =
    step > 0
      ? reachedStep(plan, index)
      : and(before === null ? null : reachedStep(plan, before), not(reachedStep(plan, index)));
  const value = insight.funnelStepBreakdown;
  const breakdown = funnelBreakdown(query);
  return select({
    select: [alias(fn('toString', col('actor')), 'actor'), alias(fn('length', col('times')), 'event_count')],
    from: fromQuery(plan.query, 'funnel_actors'),
    where: and(
      condition,
      breakdown && value !== undefined && value !== null
        ? eq(col('bv'), str(funnelBreakdownKey(breakdown, value)))
        : null,
    ),
  });
}
