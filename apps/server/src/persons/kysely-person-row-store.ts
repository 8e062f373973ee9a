import type { Kysely } from 'kysely';
import type { AppDatabase, IdentityLinkTable, PersonDistinctIdTable } from '../app-store/app-database';
import type { CachedPersonRow } from './person-row-cache';
import type { PersonRowStore, PersonRows } from './person-row-store';

/** Ids per IN list: far below SQLite's and Postgres's bound-parameter limits. */
const CHUNK = 400;
/** Rows per multi-row INSERT (8 values each). */
const WRITE_CHUNK = 200;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Persons rows through Kysely: works on every app store (Postgres, and SQLite in tests and the API). */
export class KyselyPersonRowStore implements PersonRowStore {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async distinctIds(teamId: number, ids: readonly string[]): Promise<PersonDistinctIdTable[]> {
    const out: PersonDistinctIdTable[] = [];
    for (const part of chunks(ids, CHUNK)) {
      const rows = await this.db
        .selectFrom('person_distinct_ids')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('distinct_id', 'in', part)
        .execute();
      out.push(...rows);
    }
    return out;
  }

  async persons(ids: readonly string[]): Promise<CachedPersonRow[]> {
    const out: CachedPersonRow[] = [];
    for (const part of chunks(ids, CHUNK)) {
      const rows = await this.db
        .selectFrom('persons')
        .select(['id', 'team_id', 'created_at', 'is_identified', 'property_state', 'version', 'is_deleted'])
        .where('id', 'in', part)
        .execute();
      out.push(...rows);
    }
    return out;
  }

  async links(teamId: number, ids: readonly string[]): Promise<IdentityLinkTable[]> {
    const out: IdentityLinkTable[] = [];
    for (const part of chunks(ids, CHUNK)) {
      const rows = await this.db
        .selectFrom('identity_links')
        .selectAll()
        .where('team_id', '=', teamId)
        .where((eb) => eb.or([eb('distinct_id', 'in', part), eb('other_id', 'in', part)]))
        .execute();
      out.push(...rows);
    }
    return out;
  }

  async write(rows: PersonRows): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const part of chunks(rows.persons, WRITE_CHUNK)) {
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
      for (const part of chunks(rows.distinctIds, WRITE_CHUNK)) {
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
      for (const part of chunks(rows.links, WRITE_CHUNK)) {
        await trx
          .insertInto('identity_links')
          .values(part)
          .onConflict((oc) => oc.columns(['team_id', 'uuid']).doNothing())
          .execute();
      }
    });
  }
}
