import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonDistinctIdTable, PersonTable } from '../app-store/app-database';
import type { AppStore } from '../app-store/app-store';
import { createAppStore } from '../app-store/create-app-store';
import { migrateAppStore } from '../app-store/migrate-app-store';
import { ProjectRepository } from '../features/projects/project-repository';
import { KyselyPersonRowStore } from './kysely-person-row-store';
import { SqlitePersonRowStore } from './sqlite-person-row-store';

/** Ids SQLite's JSON functions must carry exactly like bound strings. */
const ODD_IDS = ['plain', 'with\u0000nul', 'lone\ud800surrogate', 'emoji 😀', '"quoted"\\', '123', ''];

describe('SqlitePersonRowStore', () => {
  let store: AppStore;
  let teamId: number;
  let statements: SqlitePersonRowStore;
  let kysely: KyselyPersonRowStore;

  beforeEach(async () => {
    store = createAppStore({ kind: 'sqlite', path: ':memory:' });
    await migrateAppStore(store);
    await store.db
      .insertInto('organizations')
      .values({ id: 'org', name: 'o', created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01' })
      .execute();
    teamId = (await new ProjectRepository(store.db).create('org', { name: 'p' })).id;
    if (!store.sqlite) throw new Error('expected SQLite');
    statements = new SqlitePersonRowStore(store.sqlite);
    kysely = new KyselyPersonRowStore(store.db);
  });
  afterEach(async () => {
    await store.close();
  });

  const person = (id: string, version: number, createdAt = '2024-02-01T10:00:00.000Z'): PersonTable => ({
    id,
    team_id: teamId,
    created_at: createdAt,
    is_identified: 0,
    properties: JSON.stringify({ v: version }),
    property_state: JSON.stringify({ v: { w: [version, 'u', version] } }),
    version,
    is_deleted: 0,
  });
  const distinctId = (id: string, personId: string, version: number): PersonDistinctIdTable => ({
    team_id: teamId,
    distinct_id: id,
    person_id: personId,
    first_seen_ms: 1000 + version,
    has_links: 0,
    property_state: null,
    version,
    is_deleted: 0,
  });
  const sorted = <T extends object>(rows: T[]) =>
    [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it('reads exactly the rows Kysely reads, whatever the ids contain', async () => {
    await statements.write({
      persons: ODD_IDS.map((id) => person(`p-${id}`, 1)),
      distinctIds: ODD_IDS.map((id) => distinctId(id, `p-${id}`, 1)),
      links: ODD_IDS.map((id, i) => ({
        team_id: teamId,
        uuid: `link-${i}`,
        ts_ms: i,
        kind: 'identify',
        distinct_id: id,
        other_id: ODD_IDS[(i + 1) % ODD_IDS.length] as string,
      })),
    });
    for (const ids of [ODD_IDS, ['absent', ...ODD_IDS.slice(0, 2)], ['absent'], []]) {
      expect(sorted(await statements.distinctIds(teamId, ids))).toEqual(
        sorted(await kysely.distinctIds(teamId, ids)),
      );
      const personIds = ids.map((id) => `p-${id}`);
      expect(sorted(await statements.persons(personIds))).toEqual(sorted(await kysely.persons(personIds)));
      expect(sorted(await statements.links(teamId, ids))).toEqual(sorted(await kysely.links(teamId, ids)));
    }
    // Every one is found (a lone surrogate reads back as U+FFFDs, as with any bound string).
    expect(await statements.distinctIds(teamId, ODD_IDS)).toHaveLength(ODD_IDS.length);
  });

  it('writes changed creation times and persons of ids too, and leaves stored links alone', async () => {
    const link = { team_id: teamId, uuid: 'l', ts_ms: 5, kind: 'alias', distinct_id: 'a', other_id: 'b' };
    await statements.write({
      persons: [person('p1', 1)],
      distinctIds: [distinctId('a', 'p1', 1)],
      links: [link],
    });
    await statements.write({
      persons: [person('p1', 2, '2024-01-01T00:00:00.000Z'), person('p2', 3)],
      distinctIds: [distinctId('a', 'p2', 2)],
      links: [{ ...link, ts_ms: 99 }],
    });
    expect(await kysely.persons(['p1', 'p2'])).toEqual(
      [person('p1', 2, '2024-01-01T00:00:00.000Z'), person('p2', 3)].map(({ properties: _, ...row }) => row),
    );
    expect(await kysely.distinctIds(teamId, ['a'])).toEqual([distinctId('a', 'p2', 2)]);
    expect(await kysely.links(teamId, ['a'])).toEqual([link]);
  });

  it('writes all or nothing', async () => {
    await statements.write({ persons: [person('p1', 1)], distinctIds: [], links: [] });
    const orphan = { ...person('p2', 1), team_id: teamId + 1000 };
    await expect(
      statements.write({ persons: [person('p1', 2), orphan], distinctIds: [], links: [] }),
    ).rejects.toThrow();
    expect((await kysely.persons(['p1', 'p2'])).map((p) => p.version)).toEqual([1]);
  });
});
