import type { AppMigration } from '../app-migration';

/**
 * The project's path cleaning rules (PostHog's team `path_cleaning_filters`): `[{regex, alias}]`
 * applied to path items by paths insights that ask for `pathReplacements`.
 */
export const migration0004PathCleaningFilters: AppMigration = {
  name: '0004-path-cleaning-filters',
  async up(db, t) {
    await db.schema
      .alterTable('projects')
      .addColumn('path_cleaning_filters', t.json, (c) => c.notNull().defaultTo('[]'))
      .execute();
  },
};
