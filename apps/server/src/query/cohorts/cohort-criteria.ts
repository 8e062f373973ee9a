import type {
  CohortCriteriaGroup,
  CohortCriterionLeaf,
  LegacyCohortGroup,
  PropertyFilterNode,
} from '@hedgerow/schema';
import { cohortFilterTypes } from '@hedgerow/schema';

/** A cohort's criteria as stored: PostHog's `filters` (preferred) or its older `groups`. */
export interface StoredCohortCriteria {
  filters?: { properties: CohortCriteriaGroup } | null;
  groups?: LegacyCohortGroup[] | null;
}

const COHORT_TYPES = new Set<string>(cohortFilterTypes);

/** Whether a node of a criteria tree is an AND/OR group (else a criterion). */
export function isCriteriaGroup(
  node: CohortCriteriaGroup | CohortCriterionLeaf,
): node is CohortCriteriaGroup {
  return (node.type === 'AND' || node.type === 'OR') && Array.isArray((node as CohortCriteriaGroup).values);
}

/** A legacy group's property filter as a criterion (event filters have no meaning on persons). */
function legacyLeaf(filter: CohortCriterionLeaf | PropertyFilterNode): CohortCriterionLeaf {
  if (filter.type === 'behavioral' || filter.type === 'person') return filter as CohortCriterionLeaf;
  if (COHORT_TYPES.has(filter.type as string)) return filter as CohortCriterionLeaf;
  // PostHog's legacy groups treated untyped filters as person properties.
  return { ...(filter as PropertyFilterNode), type: 'person' } as CohortCriterionLeaf;
}

/**
 * The criteria as one AND/OR tree: `filters.properties` as is; legacy `groups` ORed, each ANDing
 * its properties and its "performed `event_id`/`action_id` `count_operator` `count` times in the
 * last `days` days" (at least once in the last `days`, 30 by default, when `count` is absent).
 */
export function cohortCriteria(stored: StoredCohortCriteria): CohortCriteriaGroup | null {
  if (stored.filters?.properties) return stored.filters.properties;
  if (!stored.groups || stored.groups.length === 0) return null;
  return {
    type: 'OR',
    values: stored.groups.map((group) => {
      const values: CohortCriterionLeaf[] = (group.properties ?? []).map(legacyLeaf);
      const key = group.action_id ?? group.event_id;
      if (key !== undefined && key !== null) {
        const counted = group.count !== undefined && group.count !== null;
        values.push({
          type: 'behavioral',
          key,
          event_type: group.action_id !== undefined && group.action_id !== null ? 'actions' : 'events',
          value: counted ? 'performed_event_multiple' : 'performed_event',
          time_value: group.days ?? 30,
          time_interval: 'day',
          ...(counted ? { operator: group.count_operator ?? 'gte', operator_value: group.count } : {}),
        });
      }
      return { type: 'AND', values };
    }),
  };
}

/** Every criterion of a tree, depth first. */
export function criteriaLeaves(group: CohortCriteriaGroup | null): CohortCriterionLeaf[] {
  if (!group) return [];
  const leaves: CohortCriterionLeaf[] = [];
  const walk = (node: CohortCriteriaGroup | CohortCriterionLeaf): void => {
    if (isCriteriaGroup(node)) node.values.forEach(walk);
    else leaves.push(node);
  };
  walk(group);
  return leaves;
}
