import type { AppMigration } from '../app-migration';

/**
 * Cohorts (PostHog's): a name, and either criteria (`filters`, or the older `groups`, both JSON) that
 * queries evaluate when they run, or, for static cohorts, a list of persons kept in the event store
 * (`cohort_people`). `count` and `last_calculation` cache the latest member count for lists.
 */
export const migration0006Cohorts: AppMigration = {
  name: '0006-cohorts',
  async up(db, t) {
    await db.schema
      .createTable('cohorts')
      .addColumn('id', t.serial, t.serialPrimaryKey)
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('filters', t.json)
      .addColumn('groups', t.json)
      .addColumn('is_static', t.bool, (c) => c.notNull().defaultTo(0))
      .addColumn('deleted', t.bool, (c) => c.notNull().defaultTo(0))
      .addColumn('count', 'integer')
      .addColumn('last_calculation', t.timestamp)
      .addColumn('errors_calculating', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cohorts_team').on('cohorts').columns(['team_id', 'deleted']).execute();
  },
};
