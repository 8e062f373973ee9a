import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMigrations } from '../../src/app-store/app-migrations';
import type { AppStore } from '../../src/app-store/app-store';
import { createAppStore } from '../../src/app-store/create-app-store';
import { migrateAppStore } from '../../src/app-store/migrate-app-store';
import { MembershipLevels } from '../../src/features/organizations/membership-level';
import { OrganizationRepository } from '../../src/features/organizations/organization-repository';
import { ProjectRepository } from '../../src/features/projects/project-repository';
import { UserRepository } from '../../src/features/users/user-repository';
import { createTestDatabase, postgresAvailable } from '../support/postgres-database';

const kinds = (await postgresAvailable()) ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.each(kinds)('app store on %s', (kind) => {
  let open: () => AppStore;
  let cleanup: () => Promise<void>;
  let store: AppStore;

  beforeAll(async () => {
    if (kind === 'postgres') {
      const db = await createTestDatabase();
      open = () => createAppStore({ kind: 'postgres', url: db.url });
      cleanup = db.drop;
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-appstore-'));
      open = () => createAppStore({ kind: 'sqlite', path: path.join(dir, 'app.sqlite') });
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    store = open();
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('creates the schema once; migrating again, even from two processes at once, is a no-op', async () => {
    expect((await migrateAppStore(store)).applied).toEqual(appMigrations.map((m) => m.name));
    expect(appMigrations[0]?.name).toBe('0001-tenancy');
    const a = open();
    const b = open();
    const results = await Promise.all([migrateAppStore(a), migrateAppStore(b), migrateAppStore(store)]);
    expect(results.map((r) => r.applied)).toEqual([[], [], []]);
    await Promise.all([a.close(), b.close()]);
  });

  it('migrates an older schema forward, keeping its rows', async () => {
    const older = kind === 'postgres' ? await createTestDatabase() : null;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-appstore-old-'));
    const old = older
      ? createAppStore({ kind: 'postgres', url: older.url })
      : createAppStore({ kind: 'sqlite', path: path.join(dir, 'app.sqlite') });
    try {
      expect((await migrateAppStore(old, appMigrations.slice(0, 1))).applied).toEqual(['0001-tenancy']);
      const org = await new OrganizationRepository(old.db).create('Before the upgrade');
      const rest = appMigrations.slice(1).map((m) => m.name);
      expect((await migrateAppStore(old)).applied).toEqual(rest);
      expect((await migrateAppStore(old)).applied).toEqual([]);
      expect(await new OrganizationRepository(old.db).findById(org.id)).toEqual(org);
      // Tables of later migrations work on the upgraded schema.
      const project = await new ProjectRepository(old.db).create(org.id, { name: 'After the upgrade' });
      expect((await new ProjectRepository(old.db).findByApiToken(project.api_token))?.name).toBe(
        'After the upgrade',
      );
    } finally {
      await old.close();
      await older?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores and reads tenancy the same way on both stores', async () => {
    const users = new UserRepository(store.db);
    const orgs = new OrganizationRepository(store.db);
    const projects = new ProjectRepository(store.db);
    const user = await users.create({ email: 'same@example.com', passwordHash: 'x', firstName: 'Sam' });
    const org = await orgs.create('Acme');
    await orgs.addMember(org.id, user.id, MembershipLevels.admin);
    const project = await projects.create(org.id, {
      name: 'Web',
      week_start_day: 1,
      test_account_filters: [{ key: 'email', type: 'person', value: 'x' }],
    });

    const found = await projects.findByApiToken(project.api_token);
    expect(found).toEqual(project);
    expect(found?.created_at).toMatch(ISO);
    expect(found?.week_start_day).toBe(1);
    expect(found?.test_account_filters).toEqual([{ key: 'email', type: 'person', value: 'x' }]);
    expect((await users.findByEmail('same@example.com'))?.created_at).toMatch(ISO);
    expect(await orgs.levelOf(org.id, user.id)).toBe(MembershipLevels.admin);
    expect(await orgs.listForUser(user.id)).toEqual([{ ...org, membership_level: 8 }]);

    await expect(
      users.create({ email: 'same@example.com', passwordHash: 'y', firstName: '' }),
    ).rejects.toThrow();
  });

  it('deletes an organization’s projects and memberships with it', async () => {
    const orgs = new OrganizationRepository(store.db);
    const projects = new ProjectRepository(store.db);
    const users = new UserRepository(store.db);
    const user = await users.create({ email: 'cascade@example.com', passwordHash: 'x', firstName: '' });
    const org = await orgs.create('Gone');
    await orgs.addMember(org.id, user.id, MembershipLevels.owner);
    const project = await projects.create(org.id, { name: 'Gone too' });
    await store.db.deleteFrom('organizations').where('id', '=', org.id).execute();
    expect(await projects.findById(project.id)).toBeUndefined();
    expect(await orgs.levelOf(org.id, user.id)).toBeNull();
  });
});
