import type { SeriesNode } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertyNumber } from '../filters/property-access';
import type { EventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { col, fn, fnParametric, num, op, param, str } from '../sql/sql-builders';

const QUANTILES: Record<string, number> = { median: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 };

/** How a series turns its bucket's events into a number. */
export type SeriesAggregation =
  | { kind: 'simple'; value: Expr }
  /** Aggregate per actor first (`*_count_per_actor`), then across actors with `outer`. */
  | { kind: 'per_actor'; actor: Expr; outer: (count: Expr) => Expr }
  /** Distinct actors over a trailing window of `days` (weekly/monthly active). */
  | { kind: 'active_window'; actor: Expr; days: number }
  /** Actors whose first matching event ever falls in the bucket. */
  | { kind: 'first_time'; actor: Expr };

/** The actor a series counts: the person, or the group when the insight aggregates by group. */
export function actorExpr(source: EventsSource, groupIndex: number | null | undefined): Expr {
  return groupIndex === null || groupIndex === undefined ? source.personId : col(`$group_${groupIndex}`, 'e');
}

export function seriesAggregation(
  series: SeriesNode,
  source: EventsSource,
  options: { groupIndex: number | null | undefined; interval: string },
): SeriesAggregation {
  const math = series.math ?? 'total';
  const actor = actorExpr(source, options.groupIndex);
  const distinctActors = (a: Expr): Expr =>
    options.groupIndex === null || options.groupIndex === undefined
      ? fn('uniqExact', a)
      : fn('uniqExactIf', a, op('!=', a, str('')));
  const propertyValue = (): Expr => {
    const key = series.math_property;
    if (!key) throw invalidInput(`math "${math}" needs math_property.`, 'math_property');
    const from =
      series.math_property_type === 'person_properties' ? source.properties.person : source.properties.event;
    if (!from) throw invalidInput('Person property math needs persons.', 'math_property_type');
    const number = propertyNumber(from, key);
    return series.math_multiplier ? op('*', number, param(series.math_multiplier, 'Float64')) : number;
  };
  switch (math) {
    case 'total':
      return { kind: 'simple', value: fn('count') };
    case 'dau':
      return { kind: 'simple', value: distinctActors(actor) };
    case 'unique_session':
      return { kind: 'simple', value: fn('uniqExact', col('$session_id', 'e')) };
    case 'unique_group': {
      const index = series.math_group_type_index;
      if (index === null || index === undefined)
        throw invalidInput('unique_group needs math_group_type_index.', 'math_group_type_index');
      const key = col(`$group_${index}`, 'e');
      return { kind: 'simple', value: fn('uniqExactIf', key, op('!=', key, str(''))) };
    }
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return { kind: 'simple', value: fn(math, propertyValue()) };
    case 'median':
    case 'p75':
    case 'p90':
    case 'p95':
    case 'p99':
      return {
        kind: 'simple',
        value: fnParametric('quantile', [num(QUANTILES[math] ?? 0.5)], propertyValue()),
      };
    case 'weekly_active':
    case 'monthly_active': {
      const days = math === 'weekly_active' ? 7 : 30;
      const longInterval = options.interval === 'week' || options.interval === 'month';
      if (longInterval || (math === 'monthly_active' && options.interval === 'month')) {
        return { kind: 'simple', value: distinctActors(actor) };
      }
      if (options.interval === 'minute')
        throw invalidInput(`${math} does not work with minute intervals.`, 'interval');
      return { kind: 'active_window', actor, days };
    }
    case 'first_time_for_user':
    case 'first_time_for_user_with_filters':
      return { kind: 'first_time', actor };
    default: {
      const inner = math.replace('_count_per_actor', '');
      const outer = (count: Expr): Expr =>
        inner in QUANTILES
          ? fnParametric('quantile', [num(QUANTILES[inner] ?? 0.5)], count)
          : fn(inner, count);
      return { kind: 'per_actor', actor, outer };
    }
  }
}
