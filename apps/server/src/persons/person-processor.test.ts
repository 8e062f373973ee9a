import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppStore } from '../app-store/app-store';
import { createAppStore } from '../app-store/create-app-store';
import { migrateAppStore } from '../app-store/migrate-app-store';
import { ProjectRepository } from '../features/projects/project-repository';
import { uuidv7 } from '../ids/uuid';
import { type PersonEventInput, PersonProcessor } from './person-processor';
import { DEFAULT_PERSON_CACHE_BYTES, PersonRepository } from './person-repository';

/** A seeded pseudo-random generator, so a failing shuffle can be reproduced from its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

let teamId = 0;
const ev = (
  distinctId: string,
  ts: number,
  event = '$pageview',
  properties: Record<string, unknown> = {},
  processPerson = true,
): PersonEventInput => ({
  teamId,
  uuid: uuidv7(1_700_000_000_000 + ts),
  event,
  distinctId,
  timestamp: 1_700_000_000_000 + ts,
  properties,
  processPerson,
});

/**
 * A realistic stream: people browse anonymously, sign up (identify), change their properties, log in
 * on a shared device (a refused merge), get aliased, and one pair is merged dangerously.
 */
function realisticStream(random: () => number, people = 12): PersonEventInput[] {
  const events: PersonEventInput[] = [];
  let t = 0;
  const next = () => (t += 1 + Math.floor(random() * 50));
  for (let p = 0; p < people; p++) {
    const anon = `anon-${p}`;
    const user = `user-${p}`;
    for (let i = 0; i < 3; i++)
      events.push(ev(anon, next(), '$pageview', { $set_once: { $initial_page: `/p${i}` } }));
    events.push(
      ev(user, next(), '$identify', {
        $anon_distinct_id: anon,
        $set: { email: `${user}@x.io`, plan: 'free' },
      }),
    );
    events.push(ev(user, next(), 'upgraded', { $set: { plan: random() < 0.5 ? 'pro' : 'team' } }));
    if (random() < 0.3) events.push(ev(user, next(), '$set', { $unset: ['plan'] }));
    if (random() < 0.5) events.push(ev(user, next(), '$create_alias', { alias: `alias-${p}` }));
    if (random() < 0.3) events.push(ev(`alias-${p}`, next(), 'used alias', { $set: { via_alias: true } }));
    events.push(ev(anon, next(), 'late anonymous click', {}, false));
  }
  // Shared device: user-1 logs in on user-0's device; user-0 is already identified, so refused.
  events.push(ev('user-1', next(), '$identify', { $anon_distinct_id: 'anon-0' }));
  // An illegal id never merges.
  events.push(ev('user-2', next(), '$identify', { $anon_distinct_id: 'anonymous' }));
  // Support merges two accounts on purpose.
  events.push(ev('user-3', next(), '$merge_dangerously', { alias: 'user-4' }));
  return events;
}

/**
 * Through Kysely without the row cache, with the default one, and with one so small that it evicts all
 * the time; and through the SQLite prepared statements the server uses.
 */
const CACHES = [
  { name: 'no row cache', cacheBytes: 0, statements: false },
  { name: 'row cache', cacheBytes: DEFAULT_PERSON_CACHE_BYTES, statements: false },
  { name: 'tiny row cache', cacheBytes: 4096, statements: false },
  { name: 'SQLite statements', cacheBytes: 0, statements: true },
];

describe.each(CACHES)('PersonProcessor ($name)', ({ cacheBytes, statements }) => {
  let store: AppStore;
  let processor: PersonProcessor;
  /** A processor with a fresh repository: the store was changed behind the cache's back. */
  const newProcessor = () =>
    new PersonProcessor(
      new PersonRepository(store.db, { cacheBytes, sqlite: statements ? store.sqlite : null }),
    );

  beforeEach(async () => {
    store = createAppStore({ kind: 'sqlite', path: ':memory:' });
    await migrateAppStore(store);
    const org = await store.db
      .insertInto('organizations')
      .values({
        id: 'org',
        name: 'o',
        created_at: '2024-01-01T00:00:00.000Z',
        updated_at: '2024-01-01T00:00:00.000Z',
      })
      .execute();
    void org;
    teamId = (await new ProjectRepository(store.db).create('org', { name: 'p' })).id;
    processor = newProcessor();
  });
  afterEach(async () => {
    await store.close();
  });

  /** Persons as comparable values: their ids, identified flag, properties and creation time. */
  async function snapshot() {
    const persons = await store.db.selectFrom('persons').selectAll().where('is_deleted', '=', 0).execute();
    const pdis = await store.db
      .selectFrom('person_distinct_ids')
      .selectAll()
      .where('is_deleted', '=', 0)
      .execute();
    return persons
      .map((p) => ({
        id: p.id,
        ids: pdis
          .filter((d) => d.person_id === p.id)
          .map((d) => d.distinct_id)
          .sort(),
        identified: p.is_identified,
        properties: JSON.parse(p.properties),
        created_at: p.created_at,
      }))
      .filter((p) => p.ids.length > 0)
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async function runInBatches(events: PersonEventInput[], random: () => number) {
    for (let i = 0; i < events.length; ) {
      const size = 1 + Math.floor(random() * 40);
      await processor.process(events.slice(i, i + size));
      i += size;
    }
  }

  it('merges anonymous browsing into the identified person with event-time properties', async () => {
    await processor.process([
      ev('anon', 1, '$pageview', { $set_once: { source: 'ad' } }),
      ev('user', 5, '$identify', { $anon_distinct_id: 'anon', $set: { email: 'a@x.io' } }),
      ev('user', 9, 'x', { $set: { email: 'new@x.io' } }),
      ev('user', 7, 'y', { $set: { email: 'older@x.io' }, $set_once: { source: 'late' } }),
    ]);
    const persons = await snapshot();
    expect(persons).toHaveLength(1);
    expect(persons[0]).toMatchObject({
      ids: ['anon', 'user'],
      identified: 1,
      properties: { email: 'new@x.io', source: 'ad' },
      created_at: new Date(1_700_000_000_001).toISOString(),
    });
  });

  const SHUFFLES = Number(process.env.HEDGEROW_PERSON_SHUFFLES ?? 25);

  it.each([7, 11, 23])(
    'gives identical persons whatever the arrival order and batching (stream %i)',
    async (streamSeed) => {
      const stream = realisticStream(rng(streamSeed));
      await runInBatches(stream, rng(1));
      const expected = await snapshot();
      expect(expected.length).toBeGreaterThan(10);
      const refused = expected.find((p) => p.ids.includes('anon-0'));
      expect(refused?.ids).not.toContain('user-1');
      expect(expected.find((p) => p.ids.includes('user-3'))?.ids).toContain('user-4');

      for (let seed = 0; seed < SHUFFLES; seed++) {
        await store.db.deleteFrom('persons').execute();
        await store.db.deleteFrom('person_distinct_ids').execute();
        await store.db.deleteFrom('identity_links').execute();
        processor = newProcessor();
        const random = rng(1000 + seed);
        await runInBatches(shuffle(stream, random), random);
        expect(await snapshot(), `seed ${seed}`).toEqual(expected);
      }
    },
    // About 10 ms per shuffle, several times that on a busy machine.
    5_000 + SHUFFLES * 100,
  );

  it('is idempotent: processing the same batch again changes nothing', async () => {
    const stream = realisticStream(rng(3), 4);
    await processor.process(stream);
    const once = await snapshot();
    const again = await processor.process(stream);
    expect(await snapshot()).toEqual(once);
    expect(again.persons.filter((p) => !p.isDeleted).length).toBeLessThanOrEqual(once.length);
  });

  it('gives the rows of everything a replayed batch touches again, as stored, and writes nothing', async () => {
    const stream = realisticStream(rng(5), 4);
    const first = await processor.process(stream);
    const stored = await snapshot();
    const again = await newProcessor().process(stream, { replay: true });
    expect(await snapshot()).toEqual(stored);
    // Every live person and id the first run wrote comes again, at the version it was stored with.
    const latest = <T extends { version: number }>(rows: T[], key: (r: T) => string) =>
      new Map(rows.map((r) => [key(r), r.version]));
    const firstPersons = latest(first.persons, (p) => p.id);
    const againPersons = latest(again.persons, (p) => p.id);
    for (const [id, version] of firstPersons) expect(againPersons.get(id), id).toBe(version);
    const firstIds = latest(first.distinctIds, (d) => d.distinctId);
    const againIds = latest(again.distinctIds, (d) => d.distinctId);
    for (const [id, version] of firstIds) expect(againIds.get(id), id).toBe(version);
    expect((await newProcessor().process(stream)).persons).toEqual([]);
  });

  it('does not write persons for personless events, and warns about personless merges', async () => {
    const result = await processor.process([
      ev('anon', 1, '$pageview', {}, false),
      ev('anon', 2, '$identify', { $anon_distinct_id: 'x' }, false),
    ]);
    expect(await snapshot()).toEqual([]);
    expect(result.personIds[0]).toBe(result.personIds[1]);
    expect(result.warnings.map((w) => w.type)).toEqual([
      'invalid_event_when_process_person_profile_is_false',
    ]);
    // Once identified, the anonymous id joins the person, so its earlier events do too.
    await processor.process([ev('user', 3, '$identify', { $anon_distinct_id: 'anon' })]);
    const [person] = await snapshot();
    expect(person?.ids).toEqual(['anon', 'user']);
  });
});
