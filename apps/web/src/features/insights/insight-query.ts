import type {
  DateRange,
  FunnelsQuery,
  LifecycleQuery,
  PathsQuery,
  Properties,
  RetentionQuery,
  SeriesNode,
  StickinessQuery,
  TrendsQuery,
} from '@hedgerow/schema';

/** The insight kinds the builder makes, each a query kind of `POST /api/projects/:id/query/`. */
export type InsightQuery =
  | TrendsQuery
  | FunnelsQuery
  | RetentionQuery
  | PathsQuery
  | LifecycleQuery
  | StickinessQuery;
export type InsightKind = InsightQuery['kind'];

export const insightKinds: { kind: InsightKind; label: string; description: string }[] = [
  { kind: 'TrendsQuery', label: 'Trends', description: 'Counts and values of events over time' },
  { kind: 'FunnelsQuery', label: 'Funnels', description: 'How many go through a sequence of steps' },
  { kind: 'RetentionQuery', label: 'Retention', description: 'How many come back after a first event' },
  { kind: 'PathsQuery', label: 'Paths', description: 'The routes people take through your product' },
  {
    kind: 'StickinessQuery',
    label: 'Stickiness',
    description: 'On how many days of a period people do something',
  },
  {
    kind: 'LifecycleQuery',
    label: 'Lifecycle',
    description: 'New, returning, resurrecting and dormant users',
  },
];

export const DEFAULT_DATE_RANGE: DateRange = { date_from: '-7d' };

const pageviews: SeriesNode = { kind: 'EventsNode', event: '$pageview', name: '$pageview' };

/** A fresh query of `kind`, as the builder opens it. */
export function defaultInsightQuery(kind: InsightKind): InsightQuery {
  switch (kind) {
    case 'TrendsQuery':
      return { kind, series: [pageviews], interval: 'day', dateRange: DEFAULT_DATE_RANGE };
    case 'FunnelsQuery':
      return {
        kind,
        series: [pageviews, { kind: 'EventsNode', event: null, name: 'All events' }],
        dateRange: DEFAULT_DATE_RANGE,
        funnelsFilter: { funnelVizType: 'steps' },
      };
    case 'RetentionQuery':
      return {
        kind,
        dateRange: DEFAULT_DATE_RANGE,
        retentionFilter: {
          period: 'Day',
          totalIntervals: 8,
          targetEntity: { id: '$pageview', type: 'events', name: '$pageview' },
          returningEntity: { id: '$pageview', type: 'events', name: '$pageview' },
          retentionType: 'retention_first_time',
        },
      };
    case 'PathsQuery':
      return { kind, dateRange: DEFAULT_DATE_RANGE, pathsFilter: { includeEventTypes: ['$pageview'] } };
    case 'LifecycleQuery':
      return { kind, series: [pageviews], interval: 'day', dateRange: DEFAULT_DATE_RANGE };
    case 'StickinessQuery':
      return { kind, series: [pageviews], interval: 'day', dateRange: DEFAULT_DATE_RANGE };
  }
}

interface Shared {
  series?: SeriesNode[];
  dateRange?: DateRange | null;
  properties?: Properties | null;
  filterTestAccounts?: boolean | null;
}

function shared(query: InsightQuery): Shared {
  const common: Shared = {
    dateRange: query.dateRange,
    properties: query.properties,
    filterTestAccounts: query.filterTestAccounts,
  };
  const series = seriesOf(query);
  if (series) common.series = series;
  return common;
}

/** The series (trends, lifecycle, stickiness) or steps (funnels) of a query; null for the others. */
export function seriesOf(query: InsightQuery): SeriesNode[] | null {
  switch (query.kind) {
    case 'TrendsQuery':
    case 'FunnelsQuery':
    case 'LifecycleQuery':
    case 'StickinessQuery':
      return query.series;
    default:
      return null;
  }
}

/** Series math a kind accepts; anything else is dropped when switching kinds. */
function seriesFor(kind: InsightKind, series: SeriesNode[]): SeriesNode[] {
  return series.map((s) => {
    const { math, math_property, math_property_type, math_group_type_index, optionalInFunnel, ...rest } = s;
    const keep: Partial<SeriesNode> = {};
    if (kind === 'TrendsQuery') Object.assign(keep, { math, math_property, math_property_type });
    if (kind === 'TrendsQuery' || kind === 'StickinessQuery') {
      if (math === 'dau' || math === 'unique_group') Object.assign(keep, { math, math_group_type_index });
    }
    if (kind === 'FunnelsQuery') {
      if (math === 'first_time_for_user' || math === 'first_time_for_user_with_filters')
        Object.assign(keep, { math });
      if (optionalInFunnel) keep.optionalInFunnel = optionalInFunnel;
    }
    for (const [k, v] of Object.entries(keep))
      if (v === undefined || v === null) delete keep[k as keyof SeriesNode];
    return { ...rest, ...keep } as SeriesNode;
  });
}

/**
 * The query of another kind, keeping what carries over (series or steps, date range, filters), so
 * that switching from trends to a funnel of the same events is one click.
 */
export function switchInsightKind(query: InsightQuery, kind: InsightKind): InsightQuery {
  if (query.kind === kind) return query;
  const base = defaultInsightQuery(kind);
  const from = shared(query);
  const next = {
    ...base,
    ...(from.dateRange ? { dateRange: from.dateRange } : {}),
    ...(from.properties ? { properties: from.properties } : {}),
    ...(from.filterTestAccounts ? { filterTestAccounts: true } : {}),
  } as InsightQuery;
  const series = from.series ? seriesFor(kind, from.series) : null;
  if (series && series.length > 0) {
    if (next.kind === 'LifecycleQuery') next.series = series.slice(0, 1);
    else if (next.kind === 'FunnelsQuery')
      next.series =
        series.length >= 2 ? series.slice(0, 20) : [...series, ...next.series.slice(series.length)];
    else if (next.kind === 'TrendsQuery' || next.kind === 'StickinessQuery') next.series = series;
  }
  if (kind === 'RetentionQuery' && next.kind === 'RetentionQuery' && series?.[0]) {
    const first = series[0];
    const entity =
      first.kind === 'ActionsNode'
        ? { id: first.id, type: 'actions' as const, name: first.name ?? null }
        : { id: first.event ?? null, type: 'events' as const, name: first.event ?? 'All events' };
    next.retentionFilter = { ...next.retentionFilter, targetEntity: entity, returningEntity: entity };
  }
  return next;
}

/** Reads a query from a URL parameter; null when it is not one of the builder's kinds. */
export function parseInsightQuery(text: string | null): InsightQuery | null {
  if (!text) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    const kind = (parsed as { kind?: unknown }).kind;
    if (!insightKinds.some((k) => k.kind === kind)) return null;
    return parsed as InsightQuery;
  } catch {
    return null;
  }
}

/** The builder's address for a query: `/insights/new?q=<the query as JSON>`. */
export function insightUrl(query: InsightQuery): string {
  return `/insights/new?${new URLSearchParams({ q: JSON.stringify(query) })}`;
}

/** Series letters as formulas name them: A, B, …, Z, AA, … */
export function seriesLetter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

/** A series' name as the user sees it: its custom name, its event or action, or "All events". */
export function seriesDisplayName(series: SeriesNode, actionNames?: Map<number, string>): string {
  if (series.custom_name) return series.custom_name;
  if (series.kind === 'ActionsNode')
    return actionNames?.get(series.id) ?? series.name ?? `Action ${series.id}`;
  return series.event ?? 'All events';
}
