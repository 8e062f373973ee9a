import type { PathCleaningFilter, PropertyFilterNode } from '@hedgerow/schema';
import type { Row } from '../event-store/event-store';
import type { QueryDefinitions } from './definitions/query-definitions';
import type { Select, Union } from './sql/sql-ast';

/**
 * What a query runner may use: the project's settings and a way to run SQL trees. `run` compiles
 * with the project's scoping and executes on the event store; runners never see raw SQL strings.
 */
export interface QueryContext {
  teamId: number;
  timeZone: string;
  weekStartDay: 0 | 1;
  testAccountFilters: PropertyFilterNode[];
  /** The project's path cleaning rules, for paths with `pathReplacements` (none when absent). */
  pathCleaningFilters?: PathCleaningFilter[];
  /** The project's actions and cohorts. */
  definitions: QueryDefinitions;
  /** "Now" for relative dates, fixed for the whole query. */
  now: number;
  run<T extends Row>(query: Select | Union): Promise<T[]>;
  /** Time of the project's first event (for `date_from: "all"`), or now when it has none. */
  earliestEventTime(): Promise<number>;
}
