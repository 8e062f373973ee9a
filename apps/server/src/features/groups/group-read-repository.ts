import { type Kysely, sql } from 'kysely';
import type { AppDatabase } from '../../app-store/app-database';
import { parseJsonObject } from '../events/parse-json-object';

export interface Group {
  group_type_index: number;
  group_key: string;
  group_properties: Record<string, unknown>;
  created_at: string;
}

/** A position in the newest-first order: a group's (created_at, group_key), and which way to read. */
export interface GroupCursor {
  createdAt: string;
  key: string;
  direction: 'next' | 'previous';
}

/**
 * Groups as the groups API lists them, read from the app store, which is their source of truth: the
 * ingestion pipeline writes each change there before the event store's read model, so a group shows
 * here as soon as its `$groupidentify` was ingested, and a key lookup or a keyset page is an index
 * read. This is also where PostHog's own groups API reads (Postgres), so search behaves the same.
 */
export class GroupReadRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  /**
   * Newest first (ties by key). `search` matches, like PostHog, a case-insensitive substring of the
   * properties' JSON text or the exact key ignoring case. Returns one page in display order and
   * whether more groups lie beyond it in the direction read.
   */
  async list(
    teamId: number,
    groupTypeIndex: number,
    options: { search?: string; limit: number; cursor?: GroupCursor },
  ): Promise<{ groups: Group[]; more: boolean }> {
    let query = this.db
      .selectFrom('groups')
      .select(['group_type_index', 'group_key', 'properties', 'created_at'])
      .where('team_id', '=', teamId)
      .where('group_type_index', '=', groupTypeIndex);
    if (options.search !== undefined) {
      const search = options.search;
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // lower() on both sides, in the database, so case folding is the same for data and search.
      query = query.where((eb) =>
        eb.or([
          sql<boolean>`lower(${eb.ref('properties')}) like lower(${pattern}) escape '\\'`,
          sql<boolean>`lower(${eb.ref('group_key')}) = lower(${search})`,
        ]),
      );
    }
    const cursor = options.cursor;
    const backwards = cursor?.direction === 'previous';
    if (cursor) {
      query = query.where((eb) =>
        backwards
          ? eb.or([
              eb('created_at', '>', cursor.createdAt),
              eb.and([eb('created_at', '=', cursor.createdAt), eb('group_key', '<', cursor.key)]),
            ])
          : eb.or([
              eb('created_at', '<', cursor.createdAt),
              eb.and([eb('created_at', '=', cursor.createdAt), eb('group_key', '>', cursor.key)]),
            ]),
      );
    }
    const rows = await query
      .orderBy('created_at', backwards ? 'asc' : 'desc')
      .orderBy('group_key', backwards ? 'desc' : 'asc')
      .limit(options.limit + 1)
      .execute();
    const page = rows.slice(0, options.limit).map(toGroup);
    return { groups: backwards ? page.reverse() : page, more: rows.length > options.limit };
  }

  async find(teamId: number, groupTypeIndex: number, groupKey: string): Promise<Group | undefined> {
    const row = await this.db
      .selectFrom('groups')
      .select(['group_type_index', 'group_key', 'properties', 'created_at'])
      .where('team_id', '=', teamId)
      .where('group_type_index', '=', groupTypeIndex)
      .where('group_key', '=', groupKey)
      .executeTakeFirst();
    return row && toGroup(row);
  }
}

function toGroup(row: {
  group_type_index: number;
  group_key: string;
  properties: string;
  created_at: string;
}) {
  return {
    group_type_index: Number(row.group_type_index),
    group_key: row.group_key,
    group_properties: parseJsonObject(row.properties),
    created_at: row.created_at,
  };
}
