import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStore } from '../app-store/app-store';
import { createAppStore } from '../app-store/create-app-store';
import { migrateAppStore } from '../app-store/migrate-app-store';
import { ProjectRepository } from '../features/projects/project-repository';
import type { DistinctIdRecord, PersonRecord } from './person-records';
import { PersonRepository } from './person-repository';
import { PersonRowCache } from './person-row-cache';

const personRow = (id: string, state = '{}') => ({
  id,
  team_id: 1,
  created_at: '2024-01-01T00:00:00.000Z',
  is_identified: 0,
  property_state: state,
  version: 1,
  is_deleted: 0,
});

describe('PersonRowCache', () => {
  it('tells known rows, known absent ids and unknown ids apart', () => {
    const cache = new PersonRowCache(1024 * 1024);
    cache.rememberPerson('p1', personRow('p1'));
    cache.rememberPerson('p2', null);
    expect(cache.person('p1')).toEqual(personRow('p1'));
    expect(cache.person('p2')).toBeNull();
    expect(cache.person('p3')).toBeUndefined();
  });

  it('keeps what was used lately and drops what went unused, within its budget', () => {
    // Room for three of these persons per generation (206 bytes each, a third of the budget).
    const cache = new PersonRowCache(3 * 3 * 206);
    for (const id of ['a', 'b', 'c', 'd']) cache.rememberPerson(id, personRow(id));
    expect(cache.person('b')).toBeDefined(); // used again: moves to the young generation
    for (const id of ['e', 'f', 'g']) cache.rememberPerson(id, personRow(id));
    expect(cache.person('a')).toBeUndefined();
    expect(cache.person('c')).toBeUndefined();
    for (const id of ['b', 'e', 'f', 'g']) expect(cache.person(id), id).toBeDefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(3 * 3 * 206);
  });

  it('keeps nothing with a budget of 0', () => {
    const cache = new PersonRowCache(0);
    cache.rememberPerson('a', personRow('a'));
    expect(cache.person('a')).toBeUndefined();
  });
});

describe('PersonRepository with a row cache', () => {
  let store: AppStore;
  let teamId: number;
  beforeEach(async () => {
    store = createAppStore({ kind: 'sqlite', path: ':memory:' });
    await migrateAppStore(store);
    await store.db
      .insertInto('organizations')
      .values({
        id: 'org',
        name: 'o',
        created_at: '2024-01-01T00:00:00.000Z',
        updated_at: '2024-01-01T00:00:00.000Z',
      })
      .execute();
    teamId = (await new ProjectRepository(store.db).create('org', { name: 'p' })).id;
  });
  afterEach(async () => {
    await store.close();
  });

  const person = (id: string, version = 1): PersonRecord => ({
    id,
    teamId,
    createdAtMs: Date.parse('2024-02-01T10:00:00.123Z'),
    identified: false,
    state: { plan: { w: [1, 'u1', 'pro'] } },
    version,
    isDeleted: false,
  });
  const distinctId = (id: string, personId: string): DistinctIdRecord => ({
    teamId,
    distinctId: id,
    personId,
    firstSeenMs: 1000,
    hasLinks: false,
    state: null,
    version: 1,
    isDeleted: false,
  });

  it('answers loads of what it saved or read from memory, exactly as the store holds it', async () => {
    const cached = new PersonRepository(store.db, { cacheBytes: 1024 * 1024 });
    await cached.save({ persons: [person('p1')], distinctIds: [distinctId('d1', 'p1')], links: [] });
    const fromStore = new PersonRepository(store.db);
    expect(await cached.loadPersons(['p1', 'absent'])).toEqual(await fromStore.loadPersons(['p1', 'absent']));
    expect(await cached.loadDistinctIds(teamId, ['d1', 'x'])).toEqual(
      await fromStore.loadDistinctIds(teamId, ['d1', 'x']),
    );

    // Proof that the answers come from memory: the rows are gone from the store, not from the cache.
    await store.db.deleteFrom('person_distinct_ids').execute();
    await store.db.deleteFrom('persons').execute();
    expect(await cached.loadPersons(['p1'])).toEqual([person('p1')]);
    expect(await cached.loadDistinctIds(teamId, ['d1'])).toEqual([distinctId('d1', 'p1')]);
  });

  it('remembers ids that do not exist, and forgets that once they are saved', async () => {
    const cached = new PersonRepository(store.db, { cacheBytes: 1024 * 1024 });
    expect(await cached.loadDistinctIds(teamId, ['new'])).toEqual([]);
    expect(await cached.loadPersons(['p-new'])).toEqual([]);
    await cached.save({ persons: [person('p-new')], distinctIds: [distinctId('new', 'p-new')], links: [] });
    expect(await cached.loadDistinctIds(teamId, ['new'])).toEqual([distinctId('new', 'p-new')]);
    expect(await cached.loadPersons(['p-new'])).toEqual([person('p-new')]);
  });

  it('hands out records the caller may change without changing what it holds', async () => {
    const cached = new PersonRepository(store.db, { cacheBytes: 1024 * 1024 });
    await cached.save({ persons: [person('p1')], distinctIds: [], links: [] });
    const [loaded] = await cached.loadPersons(['p1']);
    if (!loaded) throw new Error('not loaded');
    loaded.version = 99;
    loaded.state.plan = { w: [2, 'u2', 'free'] };
    expect(await cached.loadPersons(['p1'])).toEqual([person('p1')]);
  });

  it('keeps the stored rows when a save fails', async () => {
    const cached = new PersonRepository(store.db, { cacheBytes: 1024 * 1024 });
    await cached.save({ persons: [person('p1')], distinctIds: [], links: [] });
    // The second person belongs to a project that does not exist: the transaction rolls back.
    const orphan = { ...person('p2'), teamId: teamId + 1000 };
    await expect(
      cached.save({ persons: [person('p1', 2), orphan], distinctIds: [], links: [] }),
    ).rejects.toThrow();
    expect(await cached.loadPersons(['p1', 'p2'])).toEqual([person('p1', 1)]);
    expect(await new PersonRepository(store.db).loadPersons(['p1', 'p2'])).toEqual([person('p1', 1)]);
  });
});
