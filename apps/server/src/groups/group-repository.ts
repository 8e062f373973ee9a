import type { Kysely } from 'kysely';
import type { AppDatabase } from '../app-store/app-database';
import type { PropertyState } from '../persons/property-state';
import { materialize } from '../persons/property-state';

export interface GroupTypeMapping {
  groupType: string;
  index: number;
}

export interface GroupRecord {
  teamId: number;
  groupTypeIndex: number;
  groupKey: string;
  createdAtMs: number;
  state: PropertyState;
  version: number;
}

/** PostHog allows five group types per project, with indexes 0–4. */
export const MAX_GROUP_TYPES = 5;

/** Group types (name → index) and groups with their event-time property state, in the app store. */
export class GroupRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  async groupTypes(teamId: number): Promise<GroupTypeMapping[]> {
    const rows = await this.db
      .selectFrom('group_type_mappings')
      .select(['group_type', 'group_type_index'])
      .where('team_id', '=', teamId)
      .orderBy('group_type_index')
      .execute();
    return rows.map((r) => ({ groupType: r.group_type, index: r.group_type_index }));
  }

  /** Registers a group type with the next free index; null when the project has all five. */
  async addGroupType(teamId: number, groupType: string): Promise<GroupTypeMapping | null> {
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('group_type_mappings')
        .select(['group_type', 'group_type_index'])
        .where('team_id', '=', teamId)
        .execute();
      const found = existing.find((r) => r.group_type === groupType);
      if (found) return { groupType, index: found.group_type_index };
      if (existing.length >= MAX_GROUP_TYPES) return null;
      const index = existing.length;
      await trx
        .insertInto('group_type_mappings')
        .values({
          team_id: teamId,
          group_type: groupType,
          group_type_index: index,
          name_singular: null,
          name_plural: null,
          created_at: new Date().toISOString(),
        })
        .execute();
      return { groupType, index };
    });
  }

  async load(teamId: number, keys: readonly { index: number; key: string }[]): Promise<GroupRecord[]> {
    const out: GroupRecord[] = [];
    for (const index of new Set(keys.map((k) => k.index))) {
      const wanted = [...new Set(keys.filter((k) => k.index === index).map((k) => k.key))];
      for (let i = 0; i < wanted.length; i += 400) {
        const rows = await this.db
          .selectFrom('groups')
          .selectAll()
          .where('team_id', '=', teamId)
          .where('group_type_index', '=', index)
          .where('group_key', 'in', wanted.slice(i, i + 400))
          .execute();
        for (const r of rows) {
          out.push({
            teamId,
            groupTypeIndex: r.group_type_index,
            groupKey: r.group_key,
            createdAtMs: Date.parse(r.created_at),
            state: JSON.parse(r.property_state) as PropertyState,
            version: Number(r.version),
          });
        }
      }
    }
    return out;
  }

  async save(groups: readonly GroupRecord[]): Promise<void> {
    for (let i = 0; i < groups.length; i += 200) {
      await this.db
        .insertInto('groups')
        .values(
          groups.slice(i, i + 200).map((g) => ({
            team_id: g.teamId,
            group_type_index: g.groupTypeIndex,
            group_key: g.groupKey,
            created_at: new Date(g.createdAtMs).toISOString(),
            properties: JSON.stringify(materialize(g.state)),
            property_state: JSON.stringify(g.state),
            version: g.version,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['team_id', 'group_type_index', 'group_key']).doUpdateSet((eb) => ({
            created_at: eb.ref('excluded.created_at'),
            properties: eb.ref('excluded.properties'),
            property_state: eb.ref('excluded.property_state'),
            version: eb.ref('excluded.version'),
          })),
        )
        .execute();
    }
  }
}
