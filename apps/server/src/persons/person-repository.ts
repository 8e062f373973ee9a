import type { Kysely } from 'kysely';
import type { AppDatabase, PersonDistinctIdTable, PersonTable } from '../app-store/app-database';
import type { IdentityLink } from './identity-replay';
import type { DistinctIdRecord, PersonRecord } from './person-records';
import { type CachedPersonRow, PersonRowCache } from './person-row-cache';
import { materialize, type PropertyState } from './property-state';

const CHUNK = 400;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface PersonChanges {
  distinctIds: DistinctIdRecord[];
  persons: PersonRecord[];
  links: { teamId: number; link: IdentityLink }[];
}

/**
 * A row cache budget for some 15,000 recently active persons and 30,000 ids. The server does not use
 * the cache yet: in bench:ingest (100,000 uniformly active users) it cost about as much CPU as the
 * reads it saved; with 15,000 users it saved 3.5 % of the persons CPU (docs/benchmarks.md).
 */
export const DEFAULT_PERSON_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * Reads and writes persons, distinct ids and identity links in the app store for the persons
 * processor. Loads are batched (one query per few hundred ids); `save` writes one batch's changes in a
 * single transaction. With `cacheBytes`, recently read or written persons and distinct ids (and ids
 * known to be absent) are kept in a bounded LRU (`PersonRowCache`), so active users cost no reads.
 * Only a repository that is the sole writer of those rows may cache, as the server's would be: one
 * server ingests its own spool and every person writer in it goes through one repository's `save`.
 */
export class PersonRepository {
  readonly #cache: PersonRowCache;

  constructor(
    private readonly db: Kysely<AppDatabase>,
    options: { cacheBytes?: number } = {},
  ) {
    this.#cache = new PersonRowCache(options.cacheBytes ?? 0);
  }

  async loadDistinctIds(teamId: number, ids: readonly string[]): Promise<DistinctIdRecord[]> {
    const out: DistinctIdRecord[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.#cache.distinctId(teamId, id);
      if (cached === undefined) missing.push(id);
      else if (cached) out.push(distinctIdFromRow(cached));
    }
    for (const part of chunks(missing)) {
      const rows = await this.db
        .selectFrom('person_distinct_ids')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('distinct_id', 'in', part)
        .execute();
      const found = new Set<string>();
      for (const row of rows) {
        out.push(distinctIdFromRow(row));
        found.add(row.distinct_id);
        this.#cache.rememberDistinctId(teamId, row.distinct_id, row);
      }
      for (const id of part) if (!found.has(id)) this.#cache.rememberDistinctId(teamId, id, null);
    }
    return out;
  }

  async loadPersons(ids: readonly string[]): Promise<PersonRecord[]> {
    const out: PersonRecord[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.#cache.person(id);
      if (cached === undefined) missing.push(id);
      else if (cached) out.push(personFromRow(cached));
    }
    for (const part of chunks(missing)) {
      const rows = await this.db
        .selectFrom('persons')
        .select(['id', 'team_id', 'created_at', 'is_identified', 'property_state', 'version', 'is_deleted'])
        .where('id', 'in', part)
        .execute();
      const found = new Set<string>();
      for (const row of rows) {
        out.push(personFromRow(row));
        found.add(row.id);
        this.#cache.rememberPerson(row.id, row);
      }
      for (const id of part) if (!found.has(id)) this.#cache.rememberPerson(id, null);
    }
    return out;
  }

  /** Links that mention any of the ids, as target or as the merged id. */
  async loadLinks(teamId: number, ids: readonly string[]): Promise<IdentityLink[]> {
    const out: IdentityLink[] = [];
    for (const part of chunks([...new Set(ids)])) {
      const rows = await this.db
        .selectFrom('identity_links')
        .selectAll()
        .where('team_id', '=', teamId)
        .where((eb) => eb.or([eb('distinct_id', 'in', part), eb('other_id', 'in', part)]))
        .execute();
      for (const r of rows) {
        out.push({
          uuid: r.uuid,
          ts: Number(r.ts_ms),
          kind: r.kind as IdentityLink['kind'],
          distinctId: r.distinct_id,
          otherId: r.other_id,
        });
      }
    }
    return out;
  }

  /** The live distinct ids of a person. */
  async distinctIdsOfPerson(teamId: number, personId: string): Promise<DistinctIdRecord[]> {
    const rows = await this.db
      .selectFrom('person_distinct_ids')
      .select('distinct_id')
      .where('team_id', '=', teamId)
      .where('person_id', '=', personId)
      .where('is_deleted', '=', 0)
      .execute();
    return this.loadDistinctIds(
      teamId,
      rows.map((r) => r.distinct_id),
    );
  }

  /** Forgets every identity link that mentions any of the ids (GDPR deletion). */
  async deleteLinks(teamId: number, ids: readonly string[]): Promise<void> {
    for (const part of chunks([...new Set(ids)])) {
      await this.db
        .deleteFrom('identity_links')
        .where('team_id', '=', teamId)
        .where((eb) => eb.or([eb('distinct_id', 'in', part), eb('other_id', 'in', part)]))
        .execute();
    }
  }

  /** Writes one batch's changes atomically; links already stored are left as they are. */
  async save(changes: PersonChanges): Promise<void> {
    if (changes.distinctIds.length + changes.persons.length + changes.links.length === 0) return;
    const personRows = changes.persons.map(
      (p): PersonTable => ({
        id: p.id,
        team_id: p.teamId,
        created_at: new Date(p.createdAtMs).toISOString(),
        is_identified: p.identified ? 1 : 0,
        properties: JSON.stringify(materialize(p.state)),
        property_state: JSON.stringify(p.state),
        version: p.version,
        is_deleted: p.isDeleted ? 1 : 0,
      }),
    );
    const distinctIdRows = changes.distinctIds.map(
      (d): PersonDistinctIdTable => ({
        team_id: d.teamId,
        distinct_id: d.distinctId,
        person_id: d.personId,
        first_seen_ms: d.firstSeenMs,
        has_links: d.hasLinks ? 1 : 0,
        property_state: d.state === null ? null : JSON.stringify(d.state),
        version: d.version,
        is_deleted: d.isDeleted ? 1 : 0,
      }),
    );
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(personRows, 200)) {
        await trx
          .insertInto('persons')
          .values(part)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              created_at: eb.ref('excluded.created_at'),
              is_identified: eb.ref('excluded.is_identified'),
              properties: eb.ref('excluded.properties'),
              property_state: eb.ref('excluded.property_state'),
              version: eb.ref('excluded.version'),
              is_deleted: eb.ref('excluded.is_deleted'),
            })),
          )
          .execute();
      }
      for (const part of chunks(distinctIdRows, 200)) {
        await trx
          .insertInto('person_distinct_ids')
          .values(part)
          .onConflict((oc) =>
            oc.columns(['team_id', 'distinct_id']).doUpdateSet((eb) => ({
              person_id: eb.ref('excluded.person_id'),
              first_seen_ms: eb.ref('excluded.first_seen_ms'),
              has_links: eb.ref('excluded.has_links'),
              property_state: eb.ref('excluded.property_state'),
              version: eb.ref('excluded.version'),
              is_deleted: eb.ref('excluded.is_deleted'),
            })),
          )
          .execute();
      }
      for (const part of chunks(changes.links, 200)) {
        await trx
          .insertInto('identity_links')
          .values(
            part.map(({ teamId, link }) => ({
              team_id: teamId,
              uuid: link.uuid,
              ts_ms: link.ts,
              kind: link.kind,
              distinct_id: link.distinctId,
              other_id: link.otherId,
            })),
          )
          .onConflict((oc) => oc.columns(['team_id', 'uuid']).doNothing())
          .execute();
      }
    });
    // Only what is committed enters the cache: the rows as now stored.
    for (const { properties: _materialized, ...row } of personRows) this.#cache.rememberPerson(row.id, row);
    for (const row of distinctIdRows) this.#cache.rememberDistinctId(row.team_id, row.distinct_id, row);
  }
}

function distinctIdFromRow(r: PersonDistinctIdTable): DistinctIdRecord {
  return {
    teamId: r.team_id,
    distinctId: r.distinct_id,
    personId: r.person_id,
    firstSeenMs: r.first_seen_ms === null ? null : Number(r.first_seen_ms),
    hasLinks: r.has_links === 1,
    state: r.property_state === null ? null : (JSON.parse(r.property_state) as PropertyState),
    version: Number(r.version),
    isDeleted: r.is_deleted === 1,
  };
}

function personFromRow(r: CachedPersonRow): PersonRecord {
  return {
    id: r.id,
    teamId: r.team_id,
    createdAtMs: Date.parse(r.created_at),
    identified: r.is_identified === 1,
    state: JSON.parse(r.property_state) as PropertyState,
    version: Number(r.version),
    isDeleted: r.is_deleted === 1,
  };
}
