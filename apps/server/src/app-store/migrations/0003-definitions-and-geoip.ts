import type { AppMigration } from '../app-migration';

/**
 * The project switch for GeoIP enrichment (on by default, as in PostHog), and the definitions that
 * autocomplete reads: event names, property names with their detected types (event, person and group
 * properties), and which properties were seen on which events. Ingestion records them per batch.
 * Definition ids are name-based UUIDs, so a replayed batch writes the same rows again.
 */
export const migration0003DefinitionsAndGeoip: AppMigration = {
  name: '0003-definitions-and-geoip',
  async up(db, t) {
    await db.schema
      .alterTable('projects')
      .addColumn('geoip_enabled', t.bool, (c) => c.notNull().defaultTo(1))
      .execute();

    await db.schema
      .createTable('event_definitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('last_seen_at', t.timestamp)
      .addUniqueConstraint('event_definitions_team_name', ['team_id', 'name'])
      .execute();

    await db.schema
      .createTable('property_definitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      // 'event' | 'person' | 'group'
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('group_type_index', 'integer')
      // 'String' | 'Numeric' | 'Boolean' | 'DateTime', or null until a value of a known type is seen
      .addColumn('property_type', 'text')
      .addColumn('is_numerical', t.bool, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('property_definitions_team_type_name')
      .on('property_definitions')
      .columns(['team_id', 'type', 'name'])
      .execute();

    await db.schema
      .createTable('event_properties')
      .addColumn('team_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('property', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('event_properties_pk', ['team_id', 'event', 'property'])
      .execute();
    await db.schema
      .createIndex('event_properties_team_property')
      .on('event_properties')
      .columns(['team_id', 'property'])
      .execute();
  },
};
