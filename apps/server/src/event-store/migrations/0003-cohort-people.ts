import type { EventStoreMigration } from '../event-store-migration';
import type { TableDefinition } from '../schema/table-definition';

/**
 * The persons of static cohorts. A row per change: the latest `version` of (cohort, person) says
 * whether the person is in the cohort (`is_deleted` 0) or was removed (1).
 */
export const cohortPeopleTable: TableDefinition = {
  name: 'cohort_people',
  columns: [
    { name: 'team_id', type: 'Int64' },
    { name: 'cohort_id', type: 'Int64' },
    { name: 'person_id', type: 'UUID' },
    { name: 'version', type: 'UInt64' },
    { name: 'is_deleted', type: 'UInt8', default: '0' },
  ],
  engine: { kind: 'ReplacingMergeTree', versionColumn: 'version' },
  orderBy: ['team_id', 'cohort_id', 'person_id'],
  distribution: { kind: 'replicated' },
  settings: { non_replicated_deduplication_window: 10_000 },
};

export const migration0003CohortPeople: EventStoreMigration = {
  version: 3,
  name: 'cohort-people',
  steps: [{ kind: 'createTable', table: cohortPeopleTable }],
};
