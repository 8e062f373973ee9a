import type { AppMigration } from '../app-migration';

/**
 * Persons, their distinct ids and the links between ids (source of truth for merges), groups and
 * group types. Rows of persons and distinct ids are kept as tombstones (`is_deleted`) when removed,
 * so that their version keeps increasing in the event store's read models.
 */
export const migration0002PersonsAndGroups: AppMigration = {
  name: '0002-persons-and-groups',
  async up(db, t) {
    await db.schema
      .createTable('persons')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('is_identified', t.bool, (c) => c.notNull().defaultTo(0))
      .addColumn('properties', t.json, (c) => c.notNull().defaultTo('{}'))
      .addColumn('property_state', t.json, (c) => c.notNull().defaultTo('{}'))
      .addColumn('version', t.bigint, (c) => c.notNull())
      .addColumn('is_deleted', t.bool, (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('persons_team_created')
      .on('persons')
      .columns(['team_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('person_distinct_ids')
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('distinct_id', 'text', (c) => c.notNull())
      .addColumn('person_id', 'text', (c) => c.notNull())
      .addColumn('first_seen_ms', t.bigint)
      .addColumn('has_links', t.bool, (c) => c.notNull().defaultTo(0))
      .addColumn('property_state', t.json)
      .addColumn('version', t.bigint, (c) => c.notNull())
      .addColumn('is_deleted', t.bool, (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('person_distinct_ids_pk', ['team_id', 'distinct_id'])
      .execute();
    await db.schema
      .createIndex('person_distinct_ids_person')
      .on('person_distinct_ids')
      .column('person_id')
      .execute();

    await db.schema
      .createTable('identity_links')
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('uuid', 'text', (c) => c.notNull())
      .addColumn('ts_ms', t.bigint, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('distinct_id', 'text', (c) => c.notNull())
      .addColumn('other_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_links_pk', ['team_id', 'uuid'])
      .execute();
    await db.schema
      .createIndex('identity_links_distinct')
      .on('identity_links')
      .columns(['team_id', 'distinct_id'])
      .execute();
    await db.schema
      .createIndex('identity_links_other')
      .on('identity_links')
      .columns(['team_id', 'other_id'])
      .execute();

    await db.schema
      .createTable('group_type_mappings')
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('group_type', 'text', (c) => c.notNull())
      .addColumn('group_type_index', 'integer', (c) => c.notNull())
      .addColumn('name_singular', 'text')
      .addColumn('name_plural', 'text')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('group_type_mappings_pk', ['team_id', 'group_type'])
      .addUniqueConstraint('group_type_mappings_index', ['team_id', 'group_type_index'])
      .execute();

    await db.schema
      .createTable('groups')
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('group_type_index', 'integer', (c) => c.notNull())
      .addColumn('group_key', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('properties', t.json, (c) => c.notNull().defaultTo('{}'))
      .addColumn('property_state', t.json, (c) => c.notNull().defaultTo('{}'))
      .addColumn('version', t.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint('groups_pk', ['team_id', 'group_type_index', 'group_key'])
      .execute();
  },
};
