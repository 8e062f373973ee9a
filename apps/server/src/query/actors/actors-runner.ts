import type { ActorsQuery, InsightActorsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { inCohort } from '../cohorts/cohort-members';
import { correlationActorsQuery } from '../correlation/correlation-actors';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { currentPersons } from '../sources/current-persons';
import { personSearchExpr } from '../sources/person-search';
import type { Expr, Select } from '../sql/sql-ast';
import { alias, and, col, fn, fromQuery, num, param, select } from '../sql/sql-builders';
import { type ActorsOrder, actorsOrderBy } from './actors-order';
import { funnelStepActorsQuery } from './funnel-step-actors';
import { type GroupActor, hydrateGroups, hydratePersons, type PersonActor } from './hydrate-actors';
import { lifecycleActorsQuery } from './lifecycle-actors';
import { pathsActorsQuery } from './paths-actors';
import { retentionCellActorsQuery } from './retention-cell-actors';
import { stickinessActorsQuery } from './stickiness-actors';
import { trendsActorsQuery } from './trends-actors';

export interface ActorsResponse {
  columns: string[];
  types: string[];
  results: unknown[][];
  hasMore: boolean;
  limit: number;
  offset: number;
}

const COLUMNS = new Set(['actor', 'person', 'group', 'event_count', 'created_at']);
/** Retention's per-period columns: `day_0`, `week_3`, … (1 when the actor came back then). */
const PERIOD_COLUMN = /^(hour|day|week|month)_(\d{1,4})$/;

export type ActorsSource = NonNullable<ActorsQuery['source']>;

/** The actors query of an insight data point: `actor`, `event_count` per actor. */
export async function insightActors(source: ActorsSource, ctx: QueryContext): Promise<Select> {
  switch (source.kind) {
    case 'FunnelsActorsQuery':
      return funnelStepActorsQuery({ ...source, funnelStep: source.funnelStep ?? 1 }, source.source, ctx);
    case 'FunnelCorrelationActorsQuery':
      return correlationActorsQuery(source, ctx);
    case 'InsightActorsQuery': {
      const insight = source.source;
      switch (insight.kind) {
        case 'TrendsQuery':
          return trendsActorsQuery(source, insight, ctx);
        case 'FunnelsQuery':
          return funnelStepActorsQuery(source, insight, ctx);
        case 'RetentionQuery':
          return retentionCellActorsQuery(source, insight, ctx);
        case 'LifecycleQuery':
          return lifecycleActorsQuery(source, insight, ctx);
        case 'StickinessQuery':
          return stickinessActorsQuery(source, insight, ctx);
        case 'PathsQuery':
          return pathsActorsQuery(insight, ctx);
      }
    }
  }
}

/** The insight whose actors are listed. */
export function sourceInsight(source: ActorsSource) {
  return source.kind === 'FunnelCorrelationActorsQuery' ? source.source.source.source : source.source;
}

/**
 * The group type an insight's actors are groups of, or null for persons: the query's
 * `aggregation_group_type_index`, or for stickiness the series' `unique_group` math (paths always
 * follow persons).
 */
export function actorGroupIndex(source: ActorsSource): number | null {
  const insight = sourceInsight(source);
  if (insight.kind === 'PathsQuery') return null;
  if (insight.kind === 'StickinessQuery') {
    const index = source.kind === 'InsightActorsQuery' ? (source.series ?? 0) : 0;
    const series = insight.series[index];
    return series?.math === 'unique_group' ? (series.math_group_type_index ?? null) : null;
  }
  return insight.aggregation_group_type_index ?? null;
}

/**
 * `ActorsQuery` (and a bare `InsightActorsQuery`): a page of the actors behind an insight's data
 * point, most events first, or of all persons, newest first; narrowed by `search` and person
 * `properties`. Actors come back as PostHog's person (or group) objects.
 */
export async function runActorsQuery(
  input: ActorsQuery | InsightActorsQuery,
  ctx: QueryContext,
): Promise<ActorsResponse> {
  const query: ActorsQuery =
    input.kind === 'InsightActorsQuery' ? { kind: 'ActorsQuery', source: input } : input;
  const columns = query.select?.length ? query.select : ['actor', 'event_count'];
  const retention =
    query.source?.kind === 'InsightActorsQuery' && query.source.source.kind === 'RetentionQuery';
  for (const [i, c] of columns.entries()) {
    if (COLUMNS.has(c)) continue;
    if (retention && (c === 'appearances' || PERIOD_COLUMN.test(c))) continue;
    throw invalidInput(
      `ActorsQuery can select ${[...COLUMNS].join(', ')}${retention ? ', appearances, day_0, day_1, …' : ''}; not "${c}".`,
      `select__${i}`,
    );
  }
  const groupIndex = query.source ? actorGroupIndex(query.source) : null;
  const byGroup = groupIndex !== null;
  if (byGroup && (query.search || query.properties)) {
    throw invalidInput('search and properties filter persons; they do not apply to group actors.', 'search');
  }
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;

  const ids = query.source ? await insightActors(query.source, ctx) : null;
  const order: ActorsOrder = actorsOrderBy(query.orderBy, {
    byGroup,
    fromInsight: ids !== null,
    retention,
  });
  const appearances: Expr[] = retention ? [col('appearances', 'a')] : [];
  // Persons to list: the insight's actors joined to their person row, or every person.
  const persons = fromQuery(currentPersons(['properties', 'created_at']), 'p');
  const page: Select = byGroup
    ? select({
        select: [col('actor', 'a'), col('event_count', 'a'), ...appearances],
        from: fromQuery(ids as Select, 'a'),
        orderBy: order.terms,
        limit: param(limit + 1, 'UInt32'),
        offset: param(offset, 'UInt32'),
      })
    : select({
        select: [
          alias(fn('toString', col('id', 'p')), 'actor'),
          alias(ids ? col('event_count', 'a') : num(0), 'event_count'),
          alias(col('created_at', 'p'), 'created_at'),
          ...appearances,
        ],
        from: ids ? fromQuery(ids, 'a') : persons,
        joins: ids
          ? [
              {
                type: 'INNER',
                item: persons,
                on: { kind: 'binary', op: '=', left: fn('toUUID', col('actor', 'a')), right: col('id', 'p') },
              },
            ]
          : [],
        where: and(
          query.search ? personSearchExpr(col('id', 'p'), col('properties', 'p'), query.search) : null,
          propertiesExpr(query.properties, {
            event: col('properties', 'p'),
            person: col('properties', 'p'),
            group: () => null,
            metadata: () => null,
            cohort: (id) => inCohort(col('id', 'p'), id, ctx),
          }),
        ),
        orderBy: order.terms,
        limit: param(limit + 1, 'UInt32'),
        offset: param(offset, 'UInt32'),
      });
  const rows = await ctx.run<{
    actor: string;
    event_count: number;
    created_at?: string;
    appearances?: number[];
  }>(page);
  const shown = rows.slice(0, limit);
  const actors: Map<string, PersonActor | GroupActor> = byGroup
    ? await hydrateGroups(
        groupIndex,
        shown.map((r) => r.actor),
        ctx,
      )
    : await hydratePersons(
        shown.map((r) => r.actor),
        ctx,
      );
  const results = shown.map((row) =>
    columns.map((c) => {
      const actor = actors.get(row.actor) ?? { id: row.actor };
      if (c === 'actor' || c === 'person' || c === 'group') return actor;
      if (c === 'event_count') return Number(row.event_count);
      const lags = (row.appearances ?? []).map(Number);
      if (c === 'appearances') return lags;
      const period = PERIOD_COLUMN.exec(c);
      if (period) return lags.includes(Number(period[2])) ? 1 : 0;
      return 'created_at' in actor ? actor.created_at : null;
    }),
  );
  return {
    columns,
    types: columns.map((c) =>
      c === 'event_count' || PERIOD_COLUMN.test(c)
        ? 'UInt64'
        : c === 'created_at'
          ? 'DateTime'
          : c === 'appearances'
            ? 'Array(UInt64)'
            : 'Tuple',
    ),
    results,
    hasMore: rows.length > limit,
    limit,
    offset,
  };
}
