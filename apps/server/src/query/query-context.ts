import type { PathCleaningFilter, PropertyFilterNode } from '@hedgerow/schema';
import type { Row } from '../event-store/event-store';
import type { QueryDefinitions } from './definitions/query-definitions';
import type { Expr, Select, Union } from './sql/sql-ast';

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
  /**
   * Whether `personId` is a member of the cohort, evaluated when the query runs (see
   * cohorts/cohort-members.ts); absent where cohorts cannot be used, and cohort filters are refused.
   */
  inCohort?: (personId: Expr, cohortId: number) => Expr;
  /** "Now" for relative dates, fixed for the whole query. */
  now: number;
  run<T extends Row>(query: Select | Union): Promise<T[]>;
  /** Time of the project's first event (for `date_from: "all"`), or now when it has none. */
  earliestEventTime(): Promise<number>;
}
