import type { Properties, SeriesNode } from '@hedgerow/schema';
import { seriesExpr, seriesFilters } from '../filters/entity-expr';
import { propertiesExpr } from '../filters/property-filter-expr';
import type { QueryContext } from '../query-context';
import type { Expr } from '../sql/sql-ast';
import { and } from '../sql/sql-builders';
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

/**
 * The matching events of one series of an insight, for insights whose series are plain event filters
 * (lifecycle, stickiness): persons and groups are joined only when a filter reads them.
 */
export function seriesEvents(input: SeriesEventsInput, ctx: QueryContext): SeriesEvents {
  const { series } = input;
  const testAccounts = input.filterTestAccounts ? ctx.testAccountFilters : [];
  const source = eventsSource(
    {
      filters: [...seriesFilters(series, ctx, input.field), input.properties, testAccounts],
      personCreatedAt: input.personCreatedAt ?? false,
    },
    ctx,
  );
  const matches = and(
    seriesExpr(series, source.properties, ctx, input.field),
    propertiesExpr(input.properties, source.properties),
    propertiesExpr(testAccounts, source.properties),
  );
  return { source, matches };
}
