import { sql } from 'kysely';
import type { AppMigration } from '../app-migration';

/**
 * Actions (PostHog's): a named list of steps, each a set of conditions an event must meet (event name,
 * URL, element, property filters), stored as JSON. Deleting one only marks it `deleted`, as PostHog
 * does, so insights that used it can still say which action it was. Names are unique among a
 * project's live actions, enforced by a partial unique index (both SQLite and Postgres have them).
 */
export const migration0005Actions: AppMigration = {
  name: '0005-actions',
  async up(db, t) {
    await db.schema
      .createTable('actions')
      .addColumn('id', t.serial, t.serialPrimaryKey)
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('steps', t.json, (c) => c.notNull())
      .addColumn('tags', t.json, (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addColumn('deleted', t.bool, (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('actions_team').on('actions').columns(['team_id', 'deleted']).execute();
    await db.schema
      .createIndex('actions_team_live_name')
      .unique()
      .on('actions')
      .columns(['team_id', 'name'])
      .where(sql.ref('deleted'), '=', sql.lit(0))
      .execute();
  },
};
