import type { AppMigration } from './app-migration';
import { migration0001Tenancy } from './migrations/0001-tenancy';
import { migration0002PersonsAndGroups } from './migrations/0002-persons-and-groups';
import { migration0003DefinitionsAndGeoip } from './migrations/0003-definitions-and-geoip';
import { migration0004PathCleaningFilters } from './migrations/0004-path-cleaning-filters';
import { migration0005Actions } from './migrations/0005-actions';
import { migration0006Cohorts } from './migrations/0006-cohorts';

/** Every app store migration, in the order they run. Append; never reorder or edit. */
export const appMigrations: readonly AppMigration[] = [
  migration0001Tenancy,
  migration0002PersonsAndGroups,
  migration0003DefinitionsAndGeoip,
  migration0004PathCleaningFilters,
  migration0005Actions,
  migration0006Cohorts,
];
