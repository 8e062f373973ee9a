import type { FunnelCorrelationActorsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import type { Select } from '../sql/sql-ast';
import { alias, and, col, eq, fn, num, select } from '../sql/sql-builders';
import { correlationPopulation } from './correlation-population';
import { actorEvents, inWindow, withOwners } from './funnel-correlation-runner';

/**
 * The actors behind one correlation row (`actor`, `event_count`): of the funnel's population, those
 * who converted (`funnelCorrelationPersonConverted: true`) or dropped off (false; both when absent),
 * and who did the row's event inside their funnel window (with its properties, for event-property
 * rows) or have its property values.
 */
export async function correlationActorsQuery(
  query: FunnelCorrelationActorsQuery,
  ctx: QueryContext,
): Promise<Select> {
  const population = await correlationPopulation(query.source, ctx);
  const converted = query.funnelCorrelationPersonConverted;
  const outcome =
    converted === undefined || converted === null ? null : eq(col('success', 'a'), num(converted ? 1 : 0));
  const values = query.funnelCorrelationPropertyValues;
  if (values && values.length > 0) {
    const owners = withOwners(population);
    const properties = col('properties', 'owner');
    return select({
      select: [alias(fn('toString', col('actor', 'a')), 'actor'), alias(num(0), 'event_count')],
      ...owners,
      where: and(
        outcome,
        propertiesExpr(values, {
          event: properties,
          person: properties,
          group: () => properties,
          metadata: () => null,
          cohort: null,
        }),
      ),
      groupBy: [col('actor', 'a')],
    });
  }
  const entity = query.funnelCorrelationPersonEntity;
  if (entity?.kind !== 'EventsNode' || !entity.event)
    throw invalidInput(
      'Name the row: funnelCorrelationPersonEntity (an event) or funnelCorrelationPropertyValues.',
      'funnelCorrelationPersonEntity',
    );
  const events = actorEvents(population, ctx, {
    exclude: [],
    only: [entity.event],
    filters: entity.properties,
  });
  const body = inWindow(events, population);
  return select({
    select: [alias(fn('toString', col('actor', 'a')), 'actor'), alias(fn('count'), 'event_count')],
    from: body.from,
    joins: body.joins,
    where: and(body.where, outcome),
    groupBy: [col('actor', 'a')],
  });
}
