import type { AppMigration } from '../app-migration';

/** Organizations, users and their memberships, projects, personal API keys and login sessions. */
export const migration0001Tenancy: AppMigration = {
  name: '0001-tenancy',
  async up(db, t) {
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', t.serial, t.serialPrimaryKey)
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('current_organization_id', 'text', (c) =>
        c.references('organizations.id').onDelete('set null'),
      )
      .addColumn('current_project_id', 'integer')
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('last_login_at', t.timestamp)
      .execute();

    await db.schema
      .createTable('organization_memberships')
      .addColumn('id', t.serial, t.serialPrimaryKey)
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addUniqueConstraint('organization_memberships_org_user', ['organization_id', 'user_id'])
      .execute();
    await db.schema
      .createIndex('organization_memberships_user')
      .on('organization_memberships')
      .column('user_id')
      .execute();

    await db.schema
      .createTable('projects')
      .addColumn('id', t.serial, t.serialPrimaryKey)
      .addColumn('uuid', 'text', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) =>
        c.notNull().references('organizations.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('api_token', 'text', (c) => c.notNull().unique())
      .addColumn('secret_api_token', 'text', (c) => c.notNull().unique())
      .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
      .addColumn('week_start_day', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('test_account_filters', t.json, (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('projects_organization').on('projects').column('organization_id').execute();

    await db.schema
      .createTable('personal_api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('secure_value', 'text', (c) => c.notNull().unique())
      .addColumn('mask_value', 'text', (c) => c.notNull())
      .addColumn('scopes', t.json, (c) => c.notNull())
      .addColumn('scoped_teams', t.json)
      .addColumn('scoped_organizations', t.json)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('last_used_at', t.timestamp)
      .execute();
    await db.schema.createIndex('personal_api_keys_user').on('personal_api_keys').column('user_id').execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addColumn('expires_at', t.timestamp, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  },
};
