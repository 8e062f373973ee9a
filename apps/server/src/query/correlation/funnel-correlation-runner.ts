import type { FunnelCorrelationQuery, Properties } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { currentPersons } from '../sources/current-persons';
import { type EventsSource, eventsSource } from '../sources/events-source';
import type { Expr, Select } from '../sql/sql-ast';
import {
  alias,
  and,
  col,
  eq,
  fn,
  fromQuery,
  lambda,
  not,
  num,
  op,
  param,
  select,
  str,
  table,
} from '../sql/sql-builders';
import { actorExpr } from '../trends/series-math';
import { type CorrelationPopulation, correlationPopulation } from './correlation-population';
import { chainToElements } from './elements-chain';
import { type CorrelationRow, correlate } from './odds-ratio';

const AUTOCAPTURE = '$autocapture';
const ELEMENTS_DIVIDER = '__~~__';

export interface FunnelCorrelationResult {
  events: {
    event: { event: string; properties: Record<string, unknown>; elements: unknown[] };
    success_count: number;
    failure_count: number;
    odds_ratio: number;
    correlation_type: 'success' | 'failure';
  }[];
  skewed: boolean;
}

const at = (ms: number) => param(new Date(ms), "DateTime64(6, 'UTC')");
const strings = (list: readonly string[]) => param([...list], 'Array(String)');

/**
 * The funnel's actors' events in the query range, one row per event: `actor`, `name` (the event),
 * `ts` (ms), plus `columns`; events of the funnel's own steps and `exclude`d names left out, or only
 * `only` names when given.
 */
export function actorEvents(
  population: CorrelationPopulation,
  ctx: QueryContext,
  options: {
    exclude: readonly string[];
    only?: readonly string[];
    columns?: (source: EventsSource) => Expr[];
    /** Property filters the events must match (an entity's, for the actors behind a row). */
    filters?: Properties | null;
  },
): Select {
  const source = eventsSource({ filters: [options.filters] }, ctx);
  const name = source.column('event');
  return select({
    select: [
      alias(actorExpr(source, population.groupIndex), 'actor'),
      alias(name, 'name'),
      alias(fn('toUnixTimestamp64Milli', source.timestamp), 'ts'),
      ...(options.columns?.(source) ?? []),
    ],
    from: source.from,
    joins: source.joins,
    where: and(
      op('>=', source.timestamp, at(population.range.from)),
      op('<=', source.timestamp, at(population.range.to)),
      options.only ? op('IN', name, strings(options.only)) : null,
      population.stepEvents.length + options.exclude.length > 0
        ? op('NOT IN', name, strings([...population.stepEvents, ...options.exclude]))
        : null,
      propertiesExpr(options.filters, source.properties),
    ),
  });
}

/** Joins events (`ev`) to the actors (`a`) whose funnel window they fall in: after entry, before the end. */
export function inWindow(events: Select, population: CorrelationPopulation) {
  return {
    from: fromQuery(events, 'ev'),
    joins: [
      {
        type: 'INNER' as const,
        item: fromQuery(population.query, 'a'),
        on: eq(col('actor', 'ev'), col('actor', 'a')),
      },
    ],
    where: and(op('>', col('ts', 'ev'), col('first_ms', 'a')), op('<', col('ts', 'ev'), col('end_ms', 'a'))),
  };
}

const successes = fn('countDistinctIf', col('actor', 'a'), eq(col('success', 'a'), num(1)));
const failures = fn('countDistinctIf', col('actor', 'a'), eq(col('success', 'a'), num(0)));

/** Converted and dropped-off actors per dimension `name`. */
function countsBy(name: Expr, body: ReturnType<typeof inWindow>, having?: Expr): Select {
  return select({
    select: [alias(name, 'name'), alias(successes, 'success'), alias(failures, 'failure')],
    ...body,
    groupBy: [col('name')],
    ...(having ? { having } : {}),
  });
}

/** Events done between entering the funnel and converting (or the window closing). */
function eventsQuery(
  query: FunnelCorrelationQuery,
  population: CorrelationPopulation,
  ctx: QueryContext,
): Select {
  const events = actorEvents(population, ctx, { exclude: query.funnelCorrelationExcludeEventNames ?? [] });
  return countsBy(col('name', 'ev'), inWindow(events, population));
}

/**
 * `event::property::value` for the chosen events' properties (string values, as PostHog extracts
 * them), or for `$autocapture` the event type and clicked elements; only dimensions of more than two
 * actors are kept.
 */
function eventPropertiesQuery(
  query: FunnelCorrelationQuery,
  population: CorrelationPopulation,
  ctx: QueryContext,
): Select {
  const only = query.funnelCorrelationEventNames ?? [];
  if (only.length === 0)
    throw invalidInput(
      'Event property correlation needs funnelCorrelationEventNames: the events whose properties to compare.',
      'funnelCorrelationEventNames',
    );
  const autocapture = only.includes(AUTOCAPTURE);
  const excluded = query.funnelCorrelationEventExcludePropertyNames ?? [];
  const events = actorEvents(population, ctx, {
    exclude: query.funnelCorrelationExcludeEventNames ?? [],
    only,
    columns: (source) => [
      alias(
        autocapture
          ? fn(
              'array',
              fn(
                'tuple',
                str('elements_chain'),
                fn(
                  'concat',
                  fn('ifNull', fn('JSONExtractString', source.properties.event, str('$event_type')), str('')),
                  str(ELEMENTS_DIVIDER),
                  source.column('elements_chain'),
                ),
              ),
            )
          : fn('JSONExtractKeysAndValues', source.properties.event, str('String')),
        'props',
      ),
    ],
  });
  const body = inWindow(events, population);
  const prop = col('prop');
  return select({
    select: [
      alias(
        fn(
          'concat',
          col('name', 'ev'),
          str('::'),
          fn('tupleElement', prop, num(1)),
          str('::'),
          fn('tupleElement', prop, num(2)),
        ),
        'name',
      ),
      alias(successes, 'success'),
      alias(failures, 'failure'),
    ],
    from: body.from,
    joins: body.joins,
    arrayJoin: alias(col('props', 'ev'), 'prop'),
    where: and(
      body.where,
      excluded.length > 0 ? op('NOT IN', fn('tupleElement', prop, num(1)), strings(excluded)) : null,
    ),
    groupBy: [col('name')],
    having: op('>', op('+', col('success'), col('failure')), num(2)),
  });
}

/** The actors (`a`) joined to their current person or group (`owner`, with `properties`). */
export function withOwners(population: CorrelationPopulation) {
  const owners: Select =
    population.groupIndex === null
      ? currentPersons(['properties'])
      : select({
          select: [
            alias(col('group_key'), 'id'),
            alias(fn('argMax', col('group_properties'), col('version')), 'properties'),
          ],
          from: table('groups', 'group_rows'),
          where: eq(col('group_type_index'), num(population.groupIndex)),
          groupBy: [col('group_key')],
        });
  return {
    from: fromQuery(population.query, 'a'),
    joins: [
      {
        type: 'INNER' as const,
        item: fromQuery(owners, 'owner'),
        on: eq(fn('toString', col('id', 'owner')), fn('toString', col('actor', 'a'))),
      },
    ],
  };
}

/** `property::value` of the actors' current person (or group) properties. */
function propertiesQuery(query: FunnelCorrelationQuery, population: CorrelationPopulation): Select {
  const names = query.funnelCorrelationNames ?? [];
  if (names.length === 0)
    throw invalidInput(
      'Property correlation needs funnelCorrelationNames: the properties to compare, or ["$all"].',
      'funnelCorrelationNames',
    );
  const excluded = query.funnelCorrelationExcludeNames ?? [];
  const properties = col('properties', 'owner');
  const pairs = names.includes('$all')
    ? fn('JSONExtractKeysAndValues', properties, str('String'))
    : fn(
        'arrayZip',
        strings(names),
        fn(
          'arrayMap',
          lambda(
            ['k'],
            fn('replaceRegexpAll', fn('JSONExtractRaw', properties, col('k')), str('^"|"$'), str('')),
          ),
          strings(names),
        ),
      );
  const prop = col('prop');
  return select({
    select: [
      alias(
        fn('concat', fn('tupleElement', prop, num(1)), str('::'), fn('tupleElement', prop, num(2))),
        'name',
      ),
      alias(successes, 'success'),
      alias(failures, 'failure'),
    ],
    ...withOwners(population),
    arrayJoin: alias(pairs, 'prop'),
    where:
      excluded.length > 0 ? not(op('IN', fn('tupleElement', prop, num(1)), strings(excluded))) : undefined,
    groupBy: [col('name')],
  });
}

/** The event definition PostHog answers for a dimension (autocapture rows carry the clicked elements). */
function describe(
  row: CorrelationRow,
  autocapture: boolean,
): FunnelCorrelationResult['events'][number]['event'] {
  if (autocapture) {
    const [event, key, value = ''] = row.name.split('::');
    if (event === AUTOCAPTURE && key === 'elements_chain') {
      const [eventType = '', chain = ''] = value.split(ELEMENTS_DIVIDER);
      return { event: row.name, properties: { $event_type: eventType }, elements: chainToElements(chain) };
    }
  }
  return { event: row.name, properties: {}, elements: [] };
}

/**
 * `FunnelCorrelationQuery` (INSIGHTS.md §3): for the funnel's actors, which events they did inside
 * their funnel window (`events`), which properties those events had (`event_with_properties`) or
 * which properties the actors have (`properties`), compared between those who converted and those
 * who dropped off, as odds ratios.
 */
export async function runFunnelCorrelationQuery(
  query: FunnelCorrelationQuery,
  ctx: QueryContext,
): Promise<FunnelCorrelationResult> {
  const population = await correlationPopulation(query, ctx);
  const type = query.funnelCorrelationType ?? 'events';
  const dimensions =
    type === 'properties'
      ? propertiesQuery(query, population)
      : type === 'event_with_properties'
        ? eventPropertiesQuery(query, population, ctx)
        : eventsQuery(query, population, ctx);
  const [rows, totals] = await Promise.all([
    ctx.run<{ name: string; success: number; failure: number }>(dimensions),
    ctx.run<{ success: number; failure: number }>(
      select({
        select: [alias(successes, 'success'), alias(failures, 'failure')],
        from: fromQuery(population.query, 'a'),
      }),
    ),
  ]);
  const total = { success: Number(totals[0]?.success ?? 0), failure: Number(totals[0]?.failure ?? 0) };
  const result = correlate(
    rows.map((r) => ({ name: r.name, success: Number(r.success), failure: Number(r.failure) })),
    total,
  );
  const autocapture =
    type === 'event_with_properties' && (query.funnelCorrelationEventNames ?? []).includes(AUTOCAPTURE);
  return {
    events: result.rows.map((row) => ({
      event: describe(row, autocapture),
      success_count: row.success_count,
      failure_count: row.failure_count,
      odds_ratio: row.odds_ratio,
      correlation_type: row.correlation_type,
    })),
    skewed: result.skewed,
  };
}
