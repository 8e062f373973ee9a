import type { FunnelCorrelationQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
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
 * Who is compared, and what success means:
 * - `source.funnelStep` N > 0 (1 when absent: everyone who entered, PostHog's population): the actors
 *   who reached step N; those who went on to the target step converted, the others dropped off. The
 *   target is the funnel's `funnelsFilter.funnelToStep` (0-based) when given, else its last step, and
 *   must come after step N.
 * - `funnelStep` −N (the drop-offs of step N, as in funnel actors): the actors who reached step N − 1;
 *   those who reached step N converted, those who dropped off there did not. `funnelToStep` does not
 *   apply.
 * Events count from the actor's entry into the funnel until they reached the target (converted) or
 * until their conversion window closed (dropped off).
 */
export async function correlationPopulation(
  query: FunnelCorrelationQuery,
  ctx: QueryContext,
): Promise<CorrelationPopulation> {
  const actors = query.source;
  const funnel = actors.source;
  const { population, target } = chosenStep(query);
  const { plan, range, where } = await funnelStepPopulation(
    funnel,
    { funnelStep: population, funnelStepBreakdown: actors.funnelStepBreakdown ?? null },
    ctx,
  );
  const first = fn('arrayElement', col('times'), num(1));
  if (plan.ranks[target] === null) {
    throw invalidInput(
      'The target step of a correlation cannot be an optional step.',
      (actors.funnelStep ?? 1) < 0 ? 'source__funnelStep' : 'source__source__funnelsFilter__funnelToStep',
    );
  }
  const converted = stepTime(plan, target) ?? first;
  const windowEnd = op('+', first, param(funnelWindowMs(funnel.funnelsFilter), 'Int64'));
  const success = reachedStep(plan, target);
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

/**
 * The population's step (1-based, as funnelStepPopulation takes it) and the target step (0-based) of
 * a correlation query, checked against the funnel.
 */
export function chosenStep(query: FunnelCorrelationQuery): { population: number; target: number } {
  const funnel = query.source.source;
  const steps = funnel.series.length;
  const chosen = query.source.funnelStep ?? 1;
  if (chosen < 0) {
    if (-chosen < 2 || -chosen > steps)
      throw invalidInput(
        `funnelStep −N compares who converted to step N with who dropped off there: −2…−${steps}.`,
        'source__funnelStep',
      );
    return { population: -chosen - 1, target: -chosen - 1 };
  }
  const toStep = funnel.funnelsFilter?.funnelToStep;
  const target = toStep ?? steps - 1;
  if (target > steps - 1)
    throw invalidInput(
      `funnelToStep is 0-based; this funnel's last step is ${steps - 1}.`,
      'source__source__funnelsFilter__funnelToStep',
    );
  if (chosen > steps || target <= chosen - 1)
    throw invalidInput(
      `The correlation compares actors at step ${chosen} by whether they went on to step ${target + 1}; the target must come after the chosen step.`,
      'source__funnelStep',
    );
  return { population: chosen, target };
}
