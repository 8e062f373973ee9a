import type { FunnelsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { QueryContext } from '../query-context';
import type { Expr } from '../sql/sql-ast';
import { and, col, eq, not, str } from '../sql/sql-builders';
import { type ResolvedDateRange, resolveDateRange } from '../time/resolve-date-range';
import { type FunnelActorsPlan, funnelActorsPlan, previousMandatory, reachedStep } from './funnel-actors';
import { funnelBreakdown, funnelBreakdownKey } from './funnel-breakdown';

/** Which of a funnel's actors: PostHog's `funnelStep` and `funnelStepBreakdown`. */
export interface FunnelStepSelection {
  /** N (1-based): reached step N; −N: dropped off at step N (reached N−1, not N). */
  funnelStep?: number | null;
  funnelStepBreakdown?: string | number | (string | number)[] | null;
}

/** A funnel's per-actor plan and the condition on its rows that selects the asked actors. */
export interface FunnelStepPopulation {
  plan: FunnelActorsPlan;
  range: ResolvedDateRange;
  where: Expr;
}

/** The funnel's date range: whole days in the project's calendar, as funnels count them. */
export function funnelDateRange(query: FunnelsQuery, ctx: QueryContext): Promise<ResolvedDateRange> {
  return resolveDateRange(query.dateRange, {
    interval: 'day',
    timeZone: ctx.timeZone,
    weekStartDay: ctx.weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  });
}

/** The actors of a funnel at a step (of one breakdown value, when given). */
export async function funnelStepPopulation(
  query: FunnelsQuery,
  selection: FunnelStepSelection,
  ctx: QueryContext,
): Promise<FunnelStepPopulation> {
  const step = selection.funnelStep;
  if (step === undefined || step === null) throw invalidInput('Funnel actors need funnelStep.', 'funnelStep');
  const steps = query.series.length;
  if (Math.abs(step) > steps || step === -1 || step === 0) {
    throw invalidInput(`funnelStep must be 1…${steps}, or −2…−${steps} for drop-offs.`, 'funnelStep');
  }
  const range = await funnelDateRange(query, ctx);
  const plan = funnelActorsPlan(query, range, ctx);
  const index = Math.abs(step) - 1;
  const before = previousMandatory(plan, index);
  const condition =
    step > 0
      ? reachedStep(plan, index)
      : and(before === null ? null : reachedStep(plan, before), not(reachedStep(plan, index)));
  const value = selection.funnelStepBreakdown;
  const breakdown = funnelBreakdown(query);
  return {
    plan,
    range,
    where: and(
      condition,
      breakdown && value !== undefined && value !== null
        ? eq(col('bv'), str(funnelBreakdownKey(breakdown, value)))
        : null,
    ),
  };
}
