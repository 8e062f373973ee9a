import { criteriaLeaves } from '../../query/cohorts/cohort-criteria';
import { presentUserBasic } from '../users/user-basic-presenter';
import type { User } from '../users/user-repository';
import type { Cohort } from './cohort-repository';
import { cohortDefinition } from './cohort-repository';

/** A cohort as PostHog's API shows it. */
export function presentCohort(
  cohort: Cohort,
  extra: { createdBy: User | undefined; isCalculating: boolean },
) {
  const behavioral = criteriaLeaves(cohortDefinition(cohort).criteria).some((l) => l.type === 'behavioral');
  return {
    id: cohort.id,
    name: cohort.name,
    description: cohort.description,
    groups: cohort.groups ?? [],
    filters: cohort.filters,
    query: null,
    deleted: cohort.deleted,
    is_static: cohort.isStatic,
    cohort_type: cohort.isStatic ? 'static' : behavioral ? 'behavioral' : 'person_property',
    is_calculating: extra.isCalculating,
    count: cohort.count,
    last_calculation: cohort.lastCalculation,
    errors_calculating: cohort.errorsCalculating,
    created_by: presentUserBasic(extra.createdBy),
    created_at: cohort.createdAt,
    experiment_set: [],
  };
}
