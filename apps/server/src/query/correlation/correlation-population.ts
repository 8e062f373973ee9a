import type { FunnelCorrelationQuery } from '@hedgerow/schema';
import { entityEventNames, seriesEntity } from '../filters/entity-expr';
import { reachedStep, stepTime } from '../funnels/funnel-actors';
import { funnelStepPopulation } from '../funnels/funnel-step-population';
import { funnelWindowMs } from '../funnels/funnel-window';
import type { QueryContext } from '../query-context';
import type { Select } from '../sql/sql-ast';
import { alias, col, fn, fromQuery, num, op, param, select } from '../sql/sql-builders';
import type { ResolvedDateRange } from '../time/resolve-date-range';

/** The actors a correlation compares, and what bounds the events that count for each. */
export interface CorrelationPopulation {
  /**
   * One row per actor (and breakdown value): `actor`, `success` (1 when they converted), `first_ms`
   * (when their best attempt entered the funnel) and `end_ms` (when it converted, or when its
   * conversion window closed).
   */
  query: Select;
  /** Event names the funnel's steps use (actions: every name their steps name): never correlated. */
  stepEvents: string[];
  range: ResolvedDateRange;
  /** Whether actors are groups of this type rather than persons. */
  groupIndex: number | null;
}

/**
 * The funnel's actors at `source.funnelStep` (1 when absent: everyone who entered): those who reached
 * the last step are the successes, the others the failures (PostHog's funnel correlation population).
 */
export async function correlationPopulation(
  query: FunnelCorrelationQuery,
  ctx: QueryContext,
): Promise<CorrelationPopulation> {
  const actors = query.source;
  const funnel = actors.source;
  const { plan, range, where } = await funnelStepPopulation(
    funnel,
    { funnelStep: actors.funnelStep ?? 1, funnelStepBreakdown: actors.funnelStepBreakdown ?? null },
    ctx,
  );
  const last = plan.steps - 1;
  const first = fn('arrayElement', col('times'), num(1));
  const converted = stepTime(plan, last) ?? first;
  const windowEnd = op('+', first, param(funnelWindowMs(funnel.funnelsFilter), 'Int64'));
  const success = reachedStep(plan, last);
  const stepEvents = new Set<string>();
  for (const [i, step] of funnel.series.entries()) {
    for (const name of entityEventNames(seriesEntity(step), ctx, `series__${i}`) ?? []) stepEvents.add(name);
  }
  const groupIndex = funnel.aggregation_group_type_index;
  return {
    query: select({
      select: [
        col('actor'),
        alias(fn('toUInt8', success), 'success'),
        alias(first, 'first_ms'),
        alias(fn('if', success, converted, windowEnd), 'end_ms'),
      ],
      from: fromQuery(plan.query, 'funnel_actors'),
      where,
    }),
    stepEvents: [...stepEvents].sort(),
    range,
    groupIndex: groupIndex === null || groupIndex === undefined ? null : groupIndex,
  };
}
