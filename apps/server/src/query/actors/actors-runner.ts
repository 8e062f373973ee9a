import type { ActorsQuery, InsightActorsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { inCohort } from '../cohorts/cohort-members';
import { correlationActorsQuery } from '../correlation/correlation-actors';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { currentPersons } from '../sources/current-persons';
import { personSearchExpr } from '../sources/person-search';
import type { Select } from '../sql/sql-ast';
import { alias, and, col, fn, fromQuery, num, param, select } from '../sql/sql-builders';
import { funnelStepActorsQuery } from './funnel-step-actors';
import { type GroupActor, hydrateGroups, hydratePersons, type PersonActor } from './hydrate-actors';
import { trendsActorsQuery } from './trends-actors';

export interface ActorsResponse {
  columns: string[];
  types: string[];
  results: unknown[][];
  hasMore: boolean;
  limit: number;
  offset: number;
}

const COLUMNS = new Set(['actor', 'person', 'event_count', 'created_at']);

export type ActorsSource = NonNullable<ActorsQuery['source']>;

/** The actors query of an insight data point: `actor`, `event_count` per actor. */
export async function insightActors(source: ActorsSource, ctx: QueryContext): Promise<Select> {
  switch (source.kind) {
    case 'FunnelsActorsQuery':
      return funnelStepActorsQuery({ ...source, funnelStep: source.funnelStep ?? 1 }, source.source, ctx);
    case 'FunnelCorrelationActorsQuery':
      return correlationActorsQuery(source, ctx);
    case 'InsightActorsQuery':
      return source.source.kind === 'TrendsQuery'
        ? trendsActorsQuery(source, source.source, ctx)
        : funnelStepActorsQuery(source, source.source, ctx);
  }
}

/** The funnel or trends query whose actors are listed (for its aggregation). */
export function sourceInsight(source: ActorsSource) {
  return source.kind === 'FunnelCorrelationActorsQuery' ? source.source.source.source : source.source;
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
  for (const c of columns) {
    if (!COLUMNS.has(c))
      throw invalidInput(`ActorsQuery can select ${[...COLUMNS].join(', ')}; not "${c}".`, 'select');
  }
  const groupIndex = query.source ? (sourceInsight(query.source).aggregation_group_type_index ?? null) : null;
  const byGroup = groupIndex !== null && groupIndex !== undefined;
  if (byGroup && (query.search || query.properties)) {
    throw invalidInput('search and properties filter persons; they do not apply to group actors.', 'search');
  }
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;

  const ids = query.source ? await insightActors(query.source, ctx) : null;
  // Persons to list: the insight's actors joined to their person row, or every person.
  const persons = fromQuery(currentPersons(['properties', 'created_at']), 'p');
  const page: Select = byGroup
    ? select({
        select: [col('actor', 'a'), col('event_count', 'a')],
        from: fromQuery(ids as Select, 'a'),
        orderBy: [{ expr: col('event_count'), direction: 'DESC' }, { expr: col('actor') }],
        limit: param(limit + 1, 'UInt32'),
        offset: param(offset, 'UInt32'),
      })
    : select({
        select: [
          alias(fn('toString', col('id', 'p')), 'actor'),
          alias(ids ? col('event_count', 'a') : num(0), 'event_count'),
          alias(col('created_at', 'p'), 'created_at'),
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
        orderBy: ids
          ? [{ expr: col('event_count'), direction: 'DESC' }, { expr: col('actor') }]
          : [{ expr: col('created_at'), direction: 'DESC' }, { expr: col('actor') }],
        limit: param(limit + 1, 'UInt32'),
        offset: param(offset, 'UInt32'),
      });
  const rows = await ctx.run<{ actor: string; event_count: number; created_at?: string }>(page);
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
      if (c === 'actor' || c === 'person') return actor;
      if (c === 'event_count') return Number(row.event_count);
      return 'created_at' in actor ? actor.created_at : null;
    }),
  );
  return {
    columns,
    types: columns.map((c) => (c === 'event_count' ? 'UInt64' : c === 'created_at' ? 'DateTime' : 'Tuple')),
    results,
    hasMore: rows.length > limit,
    limit,
    offset,
  };
}
