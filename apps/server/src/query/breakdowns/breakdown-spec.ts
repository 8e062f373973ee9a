import type { BreakdownFilter } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertyNumber, propertyString } from '../filters/property-access';
import type { EventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { fn, op, str } from '../sql/sql-builders';

const FIELD = 'breakdownFilter';

/** One property an insight breaks down by. */
export interface BreakdownProperty {
  type: 'event' | 'person' | 'group' | 'event_metadata';
  key: string;
  groupIndex: number | null;
  normalizeUrl: boolean;
  /** Numeric bins instead of values (trends only). */
  histogramBins: number | null;
}

/**
 * A `breakdownFilter`, normalized: by one to three properties (the old `breakdown` or `breakdowns`),
 * limited to the top `limit` values (or combinations), or by cohorts, each its own line (`all`:
 * everyone).
 */
export type BreakdownSpec =
  | { kind: 'properties'; properties: BreakdownProperty[]; limit: number; hideOther: boolean }
  | { kind: 'cohorts'; cohorts: (number | 'all')[] };

/** What an insight can break down by. */
export interface BreakdownSupport {
  /** Several properties at once (`breakdowns`). */
  multiple: boolean;
  cohorts: boolean;
  histogram: boolean;
  /** Event fields (`event_metadata`). */
  metadata: boolean;
}

const DEFAULT_LIMIT = 25;

function cohortList(raw: unknown): (number | 'all')[] {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw invalidInput('A cohort breakdown lists cohort ids (or "all").', FIELD);
  return list.map((v) => {
    if (v === 'all' || v === 0 || v === '0') return 'all';
    const id = Number(v);
    if (!Number.isInteger(id) || id <= 0)
      throw invalidInput(`A cohort breakdown lists cohort ids (or "all"), got ${JSON.stringify(v)}.`, FIELD);
    return id;
  });
}

/** The breakdown an insight asks for, or null; what `support` leaves out is a 400 naming the field. */
export function breakdownSpec(
  filter: BreakdownFilter | null | undefined,
  support: BreakdownSupport,
): BreakdownSpec | null {
  if (!filter) return null;
  const limit = filter.breakdown_limit ?? DEFAULT_LIMIT;
  const hideOther = filter.breakdown_hide_other_aggregation ?? false;
  const items =
    filter.breakdowns && filter.breakdowns.length > 0
      ? filter.breakdowns.map((b) => ({
          raw: b.property as unknown,
          type: b.type ?? 'event',
          groupIndex: b.group_type_index ?? null,
          normalizeUrl: b.normalize_url ?? false,
          histogramBins: b.histogram_bin_count ?? null,
        }))
      : filter.breakdown === undefined || filter.breakdown === null || filter.breakdown === ''
        ? []
        : [
            {
              raw: filter.breakdown as unknown,
              type: filter.breakdown_type ?? 'event',
              groupIndex: filter.breakdown_group_type_index ?? null,
              normalizeUrl: filter.breakdown_normalize_url ?? false,
              histogramBins: filter.breakdown_histogram_bin_count ?? null,
            },
          ];
  if (items.length === 0) return null;
  const first = items[0] as (typeof items)[number];
  if (first.type === 'cohort') {
    if (!support.cohorts) throw invalidInput('This insight cannot break down by cohort.', FIELD);
    if (items.length > 1) throw invalidInput('A cohort breakdown cannot be combined with others.', FIELD);
    return { kind: 'cohorts', cohorts: cohortList(first.raw) };
  }
  if (items.length > 1 && !support.multiple)
    throw invalidInput('This insight takes one breakdown property.', FIELD);
  const properties = items.map((item): BreakdownProperty => {
    const type = item.type as string;
    if (type !== 'event' && type !== 'person' && type !== 'group' && type !== 'event_metadata')
      throw invalidInput(`Breakdowns of type "${type}" are not supported yet.`, FIELD);
    if (type === 'event_metadata' && !support.metadata)
      throw invalidInput('This insight cannot break down by event fields.', FIELD);
    if (type === 'group' && item.groupIndex === null)
      throw invalidInput('Group breakdowns need breakdown_group_type_index.', FIELD);
    const keys = Array.isArray(item.raw) ? item.raw : [item.raw];
    if (keys.length !== 1)
      throw invalidInput('List several breakdown properties in `breakdowns`, one per entry.', FIELD);
    if (item.histogramBins !== null && !support.histogram)
      throw invalidInput('This insight cannot break down into numeric bins.', FIELD);
    return {
      type,
      key: String(keys[0]),
      groupIndex: item.groupIndex,
      normalizeUrl: item.normalizeUrl,
      histogramBins: item.histogramBins,
    };
  });
  if (properties.length > 1 && properties.some((p) => p.histogramBins !== null))
    throw invalidInput('Numeric bins take a single breakdown.', FIELD);
  return { kind: 'properties', properties, limit, hideOther };
}

/** Joins the breakdown needs on the events: persons for person properties, groups by type. */
export function breakdownJoins(spec: BreakdownSpec | null): { personProperties: boolean; groups: number[] } {
  return propertyJoins(spec?.kind === 'properties' ? spec.properties : []);
}

/** Joins reading these properties needs. */
export function propertyJoins(properties: readonly BreakdownProperty[]): {
  personProperties: boolean;
  groups: number[];
} {
  return {
    personProperties: properties.some((p) => p.type === 'person'),
    groups: properties.flatMap((p) => (p.type === 'group' && p.groupIndex !== null ? [p.groupIndex] : [])),
  };
}

/** The property's value on an event as a string (NULL when missing), URLs normalized if asked. */
export function breakdownPropertyExpr(property: BreakdownProperty, source: EventsSource): Expr {
  let value: Expr;
  if (property.type === 'event_metadata') {
    const column = source.properties.metadata(property.key);
    if (!column) throw invalidInput(`Unknown event field "${property.key}".`, FIELD);
    value = fn('toString', column);
  } else {
    const from = propertiesOf(property, source);
    value = propertyString(from, property.key);
  }
  if (property.normalizeUrl) {
    const trimmed = fn('replaceRegexpAll', value, str('[/?#]+$'), str(''));
    value = fn('if', op('=', trimmed, str('')), str('/'), trimmed);
  }
  return value;
}

/** The property as a number (NULL when missing or not numeric), for numeric bins. */
export function breakdownNumberExpr(property: BreakdownProperty, source: EventsSource): Expr {
  return propertyNumber(propertiesOf(property, source), property.key);
}

function propertiesOf(property: BreakdownProperty, source: EventsSource): Expr {
  const from =
    property.type === 'event'
      ? source.properties.event
      : property.type === 'person'
        ? source.properties.person
        : source.properties.group(property.groupIndex ?? 0);
  if (!from) throw invalidInput('This breakdown needs data that is not available.', FIELD);
  return from;
}
