import type SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type {
  AppDatabase,
  IdentityLinkTable,
  PersonDistinctIdTable,
  PersonTable,
} from '../app-store/app-database';
import type { IdentityLink } from './identity-replay';
import { KyselyPersonRowStore } from './kysely-person-row-store';
import type { DistinctIdRecord, PersonRecord } from './person-records';
import { type CachedPersonRow, PersonRowCache } from './person-row-cache';
import type { PersonRowStore } from './person-row-store';
import { materialize, type PropertyState } from './property-state';
import { SqlitePersonRowStore } from './sqlite-person-row-store';

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

export interface PersonRepositoryOptions {
  /** Keep recently read and written rows in memory, up to about this many bytes (0: no cache). */
  cacheBytes?: number;
  /**
   * The app store's SQLite connection (`AppStore.sqlite`): loads and saves then run as prepared
   * statements on it instead of through Kysely. Without it (Postgres) everything goes through `db`.
   */
  sqlite?: SqliteDatabase.Database | null;
}

/**
 * Reads and writes persons, distinct ids and identity links in the app store for the persons
 * processor. Loads are batched; `save` writes one batch's changes in a single transaction. With
 * `cacheBytes`, recently read or written persons and distinct ids (and ids known to be absent) are
 * kept in a bounded LRU (`PersonRowCache`), so active users cost no reads. Only a repository that is
 * the sole writer of those rows may cache, as the server's would be: one server ingests its own spool
 * and every person writer in it goes through one repository's `save`.
 */
export class PersonRepository {
  readonly #cache: PersonRowCache;
  readonly #rows: PersonRowStore;

  constructor(
    private readonly db: Kysely<AppDatabase>,
    options: PersonRepositoryOptions = {},
  ) {
    this.#cache = new PersonRowCache(options.cacheBytes ?? 0);
    this.#rows = options.sqlite ? new SqlitePersonRowStore(options.sqlite) : new KyselyPersonRowStore(db);
  }

  async loadDistinctIds(teamId: number, ids: readonly string[]): Promise<DistinctIdRecord[]> {
    const out: DistinctIdRecord[] = [];
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = this.#cache.distinctId(teamId, id);
      if (cached === undefined) missing.push(id);
      else if (cached) out.push(distinctIdFromRow(cached));
    }
    if (missing.length === 0) return out;
    const found = new Set<string>();
    for (const row of await this.#rows.distinctIds(teamId, missing)) {
      out.push(distinctIdFromRow(row));
      found.add(row.distinct_id);
      this.#cache.rememberDistinctId(teamId, row.distinct_id, row);
    }
    for (const id of missing) if (!found.has(id)) this.#cache.rememberDistinctId(teamId, id, null);
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
    if (missing.length === 0) return out;
    const found = new Set<string>();
    for (const row of await this.#rows.persons(missing)) {
      out.push(personFromRow(row));
      found.add(row.id);
      this.#cache.rememberPerson(row.id, row);
    }
    for (const id of missing) if (!found.has(id)) this.#cache.rememberPerson(id, null);
    return out;
  }

  /** Links that mention any of the ids, as target or as the merged id. */
  async loadLinks(teamId: number, ids: readonly string[]): Promise<IdentityLink[]> {
    const rows = await this.#rows.links(teamId, [...new Set(ids)]);
    return rows.map((r) => ({
      uuid: r.uuid,
      ts: Number(r.ts_ms),
      kind: r.kind as IdentityLink['kind'],
      distinctId: r.distinct_id,
      otherId: r.other_id,
    }));
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
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 400) {
      const part = unique.slice(i, i + 400);
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
    const linkRows = changes.links.map(
      ({ teamId, link }): IdentityLinkTable => ({
        team_id: teamId,
        uuid: link.uuid,
        ts_ms: link.ts,
        kind: link.kind,
        distinct_id: link.distinctId,
        other_id: link.otherId,
      }),
    );
    await this.#rows.write({ persons: personRows, distinctIds: distinctIdRows, links: linkRows });
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
