import type SqliteDatabase from 'better-sqlite3';
import type { IdentityLinkTable, PersonDistinctIdTable } from '../app-store/app-database';
import type { CachedPersonRow } from './person-row-cache';
import type { PersonRowStore, PersonRows } from './person-row-store';

const DISTINCT_ID_COLUMNS =
  'team_id, distinct_id, person_id, first_seen_ms, has_links, property_state, version, is_deleted';
const PERSON_COLUMNS = 'id, team_id, created_at, is_identified, property_state, version, is_deleted';
const LINK_COLUMNS = 'team_id, uuid, ts_ms, kind, distinct_id, other_id';

/**
 * Persons rows on SQLite through statements prepared once (Kysely compiles and prepares every query,
 * and an IN list of up to 400 parameters per chunk): a whole list of ids is bound as one JSON array
 * and read with `json_each` (which gives back exactly the text a bound string would be, NULs and lone
 * surrogates included). Writes update only the columns that can change when the indexed ones
 * did not (SQLite rewrites an index entry whenever its column is assigned, even to the same value),
 * which roughly halves the pages a batch writes. Same rows and transactions as KyselyPersonRowStore.
 */
export class SqlitePersonRowStore implements PersonRowStore {
  readonly #db: SqliteDatabase.Database;
  #prepared: Statements | null = null;

  /** Statements are prepared on first use: the store is built before the app store is migrated. */
  constructor(db: SqliteDatabase.Database) {
    this.#db = db;
  }

  get #statements(): Statements {
    this.#prepared ??= prepareStatements(this.#db);
    return this.#prepared;
  }

  async distinctIds(teamId: number, ids: readonly string[]): Promise<PersonDistinctIdTable[]> {
    return ids.length > 0 ? this.#statements.distinctIds.all(teamId, JSON.stringify(ids)) : [];
  }

  async persons(ids: readonly string[]): Promise<CachedPersonRow[]> {
    return ids.length > 0 ? this.#statements.persons.all(JSON.stringify(ids)) : [];
  }

  async links(teamId: number, ids: readonly string[]): Promise<IdentityLinkTable[]> {
    return ids.length > 0 ? this.#statements.links.all({ team: teamId, ids: JSON.stringify(ids) }) : [];
  }

  async write(rows: PersonRows): Promise<void> {
    // Sharing Kysely's connection: a transaction of its own must not silently nest in one of Kysely's.
    if (this.#db.inTransaction) throw new Error('persons: the app store connection is inside a transaction');
    this.#statements.write(rows);
  }
}

function writeRows(st: Omit<Statements, 'write'>, rows: PersonRows): void {
  for (const p of rows.persons) {
    // Version 1 was never stored; any other row most likely exists with the same creation time.
    const updated =
      p.version !== 1 &&
      st.updatePerson.run(
        p.is_identified,
        p.properties,
        p.property_state,
        p.version,
        p.is_deleted,
        p.id,
        p.created_at,
      ).changes > 0;
    if (!updated) {
      st.upsertPerson.run(
        p.id,
        p.team_id,
        p.created_at,
        p.is_identified,
        p.properties,
        p.property_state,
        p.version,
        p.is_deleted,
      );
    }
  }
  for (const d of rows.distinctIds) {
    const updated =
      d.version !== 1 &&
      st.updateDistinctId.run(
        d.first_seen_ms,
        d.has_links,
        d.property_state,
        d.version,
        d.is_deleted,
        d.team_id,
        d.distinct_id,
        d.person_id,
      ).changes > 0;
    if (!updated) {
      st.upsertDistinctId.run(
        d.team_id,
        d.distinct_id,
        d.person_id,
        d.first_seen_ms,
        d.has_links,
        d.property_state,
        d.version,
        d.is_deleted,
      );
    }
  }
  for (const l of rows.links) {
    st.insertLink.run(l.team_id, l.uuid, l.ts_ms, l.kind, l.distinct_id, l.other_id);
  }
}

interface Statements {
  distinctIds: SqliteDatabase.Statement<[number, string], PersonDistinctIdTable>;
  persons: SqliteDatabase.Statement<[string], CachedPersonRow>;
  links: SqliteDatabase.Statement<[{ team: number; ids: string }], IdentityLinkTable>;
  updatePerson: SqliteDatabase.Statement<unknown[]>;
  upsertPerson: SqliteDatabase.Statement<unknown[]>;
  updateDistinctId: SqliteDatabase.Statement<unknown[]>;
  upsertDistinctId: SqliteDatabase.Statement<unknown[]>;
  insertLink: SqliteDatabase.Statement<unknown[]>;
  /** `writeRows` in one transaction. */
  write: (rows: PersonRows) => void;
}

function prepareStatements(db: SqliteDatabase.Database): Statements {
  const statements: Omit<Statements, 'write'> = {
    distinctIds: db.prepare(
      `SELECT ${DISTINCT_ID_COLUMNS} FROM person_distinct_ids
       WHERE team_id = ? AND distinct_id IN (SELECT value FROM json_each(?))`,
    ),
    persons: db.prepare(`SELECT ${PERSON_COLUMNS} FROM persons WHERE id IN (SELECT value FROM json_each(?))`),
    links: db.prepare(
      `SELECT ${LINK_COLUMNS} FROM identity_links
       WHERE team_id = @team AND distinct_id IN (SELECT value FROM json_each(@ids))
       UNION
       SELECT ${LINK_COLUMNS} FROM identity_links
       WHERE team_id = @team AND other_id IN (SELECT value FROM json_each(@ids))`,
    ),
    updatePerson: db.prepare(
      `UPDATE persons SET is_identified = ?, properties = ?, property_state = ?, version = ?, is_deleted = ?
       WHERE id = ? AND created_at = ?`,
    ),
    upsertPerson: db.prepare(
      `INSERT INTO persons (id, team_id, created_at, is_identified, properties, property_state, version, is_deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, is_identified = excluded.is_identified,
         properties = excluded.properties, property_state = excluded.property_state,
         version = excluded.version, is_deleted = excluded.is_deleted`,
    ),
    updateDistinctId: db.prepare(
      `UPDATE person_distinct_ids SET first_seen_ms = ?, has_links = ?, property_state = ?, version = ?,
         is_deleted = ?
       WHERE team_id = ? AND distinct_id = ? AND person_id = ?`,
    ),
    upsertDistinctId: db.prepare(
      `INSERT INTO person_distinct_ids (${DISTINCT_ID_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (team_id, distinct_id) DO UPDATE SET person_id = excluded.person_id,
         first_seen_ms = excluded.first_seen_ms, has_links = excluded.has_links,
         property_state = excluded.property_state, version = excluded.version, is_deleted = excluded.is_deleted`,
    ),
    insertLink: db.prepare(
      `INSERT INTO identity_links (${LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (team_id, uuid) DO NOTHING`,
    ),
  };
  return { ...statements, write: db.transaction((rows: PersonRows) => writeRows(statements, rows)) };
}
