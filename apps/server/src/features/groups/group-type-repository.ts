import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../app-store/app-database';

export interface GroupType {
  group_type: string;
  group_type_index: number;
  name_singular: string | null;
  name_plural: string | null;
}

export interface GroupTypeNames {
  group_type_index: number;
  name_singular?: string | null;
  name_plural?: string | null;
}

/**
 * Group types of a project as the API shows and renames them. Ingestion (groups/group-processor.ts)
 * creates the mappings; only the display names change here, never a type's name or index, so the
 * processor's cache of name → index stays right.
 */
export class GroupTypeRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  list(teamId: number): Promise<GroupType[]> {
    return this.db
      .selectFrom('group_type_mappings')
      .select(['group_type', 'group_type_index', 'name_singular', 'name_plural'])
      .where('team_id', '=', teamId)
      .orderBy('group_type_index')
      .execute();
  }

  /**
   * Sets the names given (a field left out keeps its value; null clears it) in one transaction.
   * Returns the position of the first entry whose index has no group type, changing nothing then.
   */
  async updateNames(teamId: number, entries: readonly GroupTypeNames[]): Promise<{ missing: number | null }> {
    return this.db.transaction().execute(async (trx) => {
      const existing = new Set(
        (
          await trx
            .selectFrom('group_type_mappings')
            .select('group_type_index')
            .where('team_id', '=', teamId)
            .execute()
        ).map((r) => r.group_type_index),
      );
      const missing = entries.findIndex((e) => !existing.has(e.group_type_index));
      if (missing >= 0) return { missing };
      for (const e of entries) {
        const set: { name_singular?: string | null; name_plural?: string | null } = {};
        if (e.name_singular !== undefined) set.name_singular = e.name_singular;
        if (e.name_plural !== undefined) set.name_plural = e.name_plural;
        if (Object.keys(set).length === 0) continue;
        await trx
          .updateTable('group_type_mappings')
          .set(set)
          .where('team_id', '=', teamId)
          .where('group_type_index', '=', e.group_type_index)
          .execute();
      }
      return { missing: null };
    });
  }
}
