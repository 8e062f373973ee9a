import type { Properties, PropertyFilterNode, PropertyGroup, SeriesNode } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertiesExpr, usesPersonProperties } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import type { Expr } from '../sql/sql-ast';
import { and, eq, str } from '../sql/sql-builders';
import { type EventsSource, eventsSource } from './events-source';

export interface SeriesEventsInput {
  series: SeriesNode;
  /** The insight's global `properties`. */
  properties: Properties | null | undefined;
  filterTestAccounts: boolean | null | undefined;
  /** Also read each person's `created_at`. */
  personCreatedAt?: boolean;
  /** Where a refused series is reported (`series__0`, …). */
  field: string;
}

/** The events of one series: the source (joined only to what the filters read) and its condition. */
export interface SeriesEvents {
  source: EventsSource;
  /** The series' event and properties, the global filters and test-account filters (no time range). */
  matches: Expr;
}

function groupIndexes(...lists: (Properties | null | undefined)[]): number[] {
  const found = new Set<number>();
  const walk = (node: PropertyGroup | PropertyFilterNode): void => {
    if ('values' in node && Array.isArray(node.values) && (node.type === 'AND' || node.type === 'OR')) {
      for (const child of node.values) walk(child);
      return;
    }
    const filter = node as PropertyFilterNode;
    if (filter.type === 'group' && typeof filter.group_type_index === 'number')
      found.add(filter.group_type_index);
  };
  for (const list of lists) {
    if (!list) continue;
    if (Array.isArray(list)) list.forEach(walk);
    else walk(list);
  }
  return [...found];
}

/**
 * The matching events of one series of an insight, for insights whose series are plain event filters
 * (lifecycle, stickiness): persons and groups are joined only when a filter reads them.
 */
export function seriesEvents(input: SeriesEventsInput, ctx: QueryContext): SeriesEvents {
  const { series } = input;
  if (series.kind === 'ActionsNode') throw invalidInput('Action series are not supported yet.', input.field);
  const testAccounts = input.filterTestAccounts ? ctx.testAccountFilters : [];
  const filters = [series.properties, series.fixedProperties, input.properties, testAccounts];
  const source = eventsSource({
    personProperties: filters.some((f) => usesPersonProperties(f)),
    personCreatedAt: input.personCreatedAt ?? false,
    groups: groupIndexes(...filters),
  });
  const matches = and(
    series.event ? eq(source.column('event'), str(series.event)) : null,
    ...filters.map((f) => propertiesExpr(f, source.properties)),
  );
  return { source, matches };
}
