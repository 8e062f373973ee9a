import type { PathCleaningFilter, PathsQuery, PathType } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { type ParsedExpr, parseExpression } from '../expressions/parse-expression';
import { mentionsPerson } from '../expressions/translate-expression';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import { eventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { and, eq, fn, not, num, op, or, param, str } from '../sql/sql-builders';
import { resolveDateRange } from '../time/resolve-date-range';
import { type PathEdgeRow, type PathEdgesInput, pathEdgesQuery } from './path-edges-query';
import { pathItemExpr } from './path-item-expr';
import { reachableEdges } from './reachable-edges';

/** One edge of PostHog's paths answer. */
export interface PathsLink {
  source: string;
  target: string;
  value: number;
  /** Mean milliseconds between the two events of the transition. */
  average_conversion_time: number;
}

const STEP_LIMIT_DEFAULT = 5;
const EDGE_LIMIT_DEFAULT = 50;
/** A new path starts after this much inactivity (PostHog's SESSION_TIME_THRESHOLD_DEFAULT_SECONDS). */
const SESSION_GAP_US = 30 * 60 * 1_000_000;

/** PostHog compares start and end points without one trailing `/`, as page URLs are. */
function point(value: string | null | undefined): string | null {
  if (!value) return null;
  return value.length > 1 && value.endsWith('/') ? value.slice(0, -1) : value;
}

/**
 * `PathsQuery` (INSIGHTS.md §7): the most frequent transitions between path items within sessions of
 * each person, as PostHog's edges `{source: "1_/home", target: "2_/pricing", value,
 * average_conversion_time}`. The SQL is built by path-edges-query.ts; this runner reads the options,
 * applies PostHog's defaults and keeps only edges reachable from a first step.
 */
export async function runPathsQuery(query: PathsQuery, ctx: QueryContext): Promise<PathsLink[]> {
  const rows = await ctx.run<PathEdgeRow>(pathEdgesQuery(await pathEdgesInput(query, ctx)));
  return reachableEdges(
    rows.map((row) => ({
      source: row.source,
      target: row.target,
      value: Number(row.value),
      average_conversion_time: Number(row.avg_us) / 1000,
    })),
  );
}

/** A paths query's options read into the input of its SQL, with PostHog's defaults. */
export async function pathEdgesInput(query: PathsQuery, ctx: QueryContext): Promise<PathEdgesInput> {
  if (query.funnelPathsFilter) {
    throw invalidInput('Paths from a funnel (funnelPathsFilter) are not supported yet.', 'funnelPathsFilter');
  }
  const filter = query.pathsFilter ?? {};
  const include = filter.includeEventTypes ?? [];
  const range = await resolveDateRange(query.dateRange, {
    interval: 'day',
    timeZone: ctx.timeZone,
    weekStartDay: ctx.weekStartDay,
    now: ctx.now,
    earliest: () => ctx.earliestEventTime(),
  });

  const hogqlText = filter.pathsHogQLExpression?.trim();
  let hogql: ParsedExpr | null = null;
  if (hogqlText && (include.length === 0 || include.includes('hogql'))) {
    const parsed = parseExpression(hogqlText);
    if (parsed.alias !== null || parsed.direction !== null)
      throw invalidInput(
        'pathsHogQLExpression takes a plain expression.',
        'pathsFilter__pathsHogQLExpression',
      );
    hogql = parsed.expr;
  }

  const testAccounts = query.filterTestAccounts ? ctx.testAccountFilters : [];
  const source = eventsSource(
    {
      filters: [query.properties, testAccounts],
      personProperties: hogql !== null && mentionsPerson(hogql),
    },
    ctx,
  );
  const event = source.column('event');
  const typeCondition: Record<PathType, Expr> = {
    $pageview: eq(event, str('$pageview')),
    $screen: eq(event, str('$screen')),
    custom_event: not(fn('startsWith', event, str('$'))),
    // An expression can make a path item of any event (PostHog's legacy paths: `1 = 1`).
    hogql: num(1),
  };
  const types = include.map((type) => typeCondition[type]);
  const where = and(
    op('>=', source.timestamp, param(new Date(range.from), "DateTime64(6, 'UTC')")),
    op('<=', source.timestamp, param(new Date(range.to), "DateTime64(6, 'UTC')")),
    propertiesExpr(query.properties, source.properties),
    propertiesExpr(testAccounts, source.properties),
    types.length > 0 ? or(...types) : null,
  );

  // The project's rules first, then the query's own (PostHog's order).
  const cleaning: PathCleaningFilter[] = [
    ...(filter.pathReplacements ? (ctx.pathCleaningFilters ?? []) : []),
    ...(filter.localPathCleaningFilters ?? []),
  ];
  const minEdgeWeight = filter.minEdgeWeight ?? null;
  const maxEdgeWeight = filter.maxEdgeWeight ?? null;
  return {
    source,
    item: pathItemExpr(filter, source, hogql, cleaning),
    where,
    groupings: filter.pathGroupings ?? [],
    excluded: filter.excludeEvents ?? [],
    startPoint: point(filter.startPoint),
    endPoint: point(filter.endPoint),
    stepLimit: filter.stepLimit ?? STEP_LIMIT_DEFAULT,
    edgeLimit: filter.edgeLimit ?? EDGE_LIMIT_DEFAULT,
    minEdgeWeight,
    maxEdgeWeight,
    sessionGapUs: SESSION_GAP_US,
  };
}
