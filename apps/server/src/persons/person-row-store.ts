import type { IdentityLinkTable, PersonDistinctIdTable, PersonTable } from '../app-store/app-database';
import type { CachedPersonRow } from './person-row-cache';

/** One batch's rows for the persons tables, written in one transaction. */
export interface PersonRows {
  persons: PersonTable[];
  distinctIds: PersonDistinctIdTable[];
  /** Links already stored are left as they are. */
  links: IdentityLinkTable[];
}

/**
 * Where PersonRepository reads and writes its rows: through Kysely on any app store
 * (`KyselyPersonRowStore`), or through prepared statements on SQLite (`SqlitePersonRowStore`, the
 * ingestion hot path). Both answer the same rows; the repository adds caching and the conversion to
 * records on top.
 */
export interface PersonRowStore {
  distinctIds(teamId: number, ids: readonly string[]): Promise<PersonDistinctIdTable[]>;
  persons(ids: readonly string[]): Promise<CachedPersonRow[]>;
  /** Links that mention any of the ids, as target or as the merged id. */
  links(teamId: number, ids: readonly string[]): Promise<IdentityLinkTable[]>;
  write(rows: PersonRows): Promise<void>;
}
