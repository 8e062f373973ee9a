import type { ActionStep, CohortCriteriaGroup } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';

/** An action as queries use it: an event matches when it matches any step. */
export interface ActionDefinition {
  id: number;
  name: string;
  steps: ActionStep[];
}

/** A cohort as queries use it: a list of persons, or criteria evaluated when a query runs. */
export interface CohortDefinition {
  id: number;
  name: string;
  isStatic: boolean;
  /** A dynamic cohort's criteria (PostHog's `filters.properties`, or its `groups` converted). */
  criteria: CohortCriteriaGroup | null;
}

/**
 * The project's actions and cohorts, loaded once per query so that expression builders can stay
 * synchronous. Their content is part of the query's cache key: editing an action or a cohort changes
 * the answers of every insight that uses it.
 */
export interface QueryDefinitions {
  actions: ReadonlyMap<number, ActionDefinition>;
  cohorts: ReadonlyMap<number, CohortDefinition>;
}

export const NO_DEFINITIONS: QueryDefinitions = { actions: new Map(), cohorts: new Map() };

/** The action with this id, or a 400 naming the field that referred to it. */
export function actionById(definitions: QueryDefinitions, id: number, field: string): ActionDefinition {
  const action = definitions.actions.get(id);
  if (!action) throw invalidInput(`Action ${id} does not exist in this project.`, field);
  return action;
}

/** The cohort with this id, or a 400 naming the field that referred to it. */
export function cohortById(definitions: QueryDefinitions, id: number, field: string): CohortDefinition {
  const cohort = definitions.cohorts.get(id);
  if (!cohort) throw invalidInput(`Cohort ${id} does not exist in this project.`, field);
  return cohort;
}
