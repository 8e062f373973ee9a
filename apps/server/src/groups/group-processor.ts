import { applyOperations } from '../persons/property-state';
import type { GroupRecord, GroupRepository } from './group-repository';

export interface GroupEventInput {
  teamId: number;
  uuid: string;
  event: string;
  timestamp: number;
  properties: Record<string, unknown>;
}

export interface GroupBatchResult {
  /** Per input event, the group key for each group type index it belongs to (`$groups`). */
  groupKeys: Map<number, string>[];
  /**
   * Groups whose rows changed (for the read model); with `replay`, also the other groups the batch's
   * `$groupidentify` events name, as stored (see PersonProcessOptions.replay).
   */
  groups: GroupRecord[];
  warnings: { teamId: number; type: string; details: Record<string, unknown>; timestamp: number }[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const keyOf = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

/**
 * `$groups` and `$groupidentify`: maps group type names to indexes (0–4, in order of first sight),
 * and folds `$group_set` into each group's event-time property state, so group properties, like person
 * properties, do not depend on arrival order.
 */
export class GroupProcessor {
  /** Group type name → index, per team; group types are never renamed or removed. */
  readonly #types = new Map<number, Map<string, number>>();

  constructor(private readonly repository: GroupRepository) {}

  async process(
    events: readonly GroupEventInput[],
    options: { replay?: boolean } = {},
  ): Promise<GroupBatchResult> {
    const result: GroupBatchResult = { groupKeys: [], groups: [], warnings: [] };
    for (const e of events) {
      const keys = new Map<number, string>();
      const entries = Object.entries(isObject(e.properties.$groups) ? e.properties.$groups : {});
      if (e.event === '$groupidentify' && typeof e.properties.$group_type === 'string') {
        entries.push([e.properties.$group_type, e.properties.$group_key]);
      }
      for (const [type, rawKey] of entries) {
        const key = keyOf(rawKey);
        const index = key === null ? null : await this.#indexOf(e.teamId, type, e, result);
        if (key !== null && index !== null) keys.set(index, key);
      }
      result.groupKeys.push(keys);
    }
    const identified = events.flatMap((e) => {
      const type = e.properties.$group_type;
      const key = keyOf(e.properties.$group_key);
      const index = typeof type === 'string' ? this.#types.get(e.teamId)?.get(type) : undefined;
      return e.event === '$groupidentify' && key !== null && index !== undefined
        ? [{ e, teamId: e.teamId, index, key }]
        : [];
    });
    if (identified.length === 0) return result;

    const groups = new Map<string, GroupRecord>();
    const id = (teamId: number, index: number, key: string) => `${teamId}\u0000${index}\u0000${key}`;
    for (const teamId of new Set(identified.map((w) => w.teamId))) {
      for (const g of await this.repository.load(
        teamId,
        identified.filter((w) => w.teamId === teamId),
      )) {
        groups.set(id(teamId, g.groupTypeIndex, g.groupKey), g);
      }
    }
    const dirty = new Set<string>();
    for (const { e, teamId, index, key } of identified) {
      const gid = id(teamId, index, key);
      let group = groups.get(gid);
      if (!group) {
        group = {
          teamId,
          groupTypeIndex: index,
          groupKey: key,
          createdAtMs: e.timestamp,
          state: {},
          version: 0,
        };
        groups.set(gid, group);
        dirty.add(gid);
      }
      if (e.timestamp < group.createdAtMs) {
        group.createdAtMs = e.timestamp;
        dirty.add(gid);
      }
      const set = isObject(e.properties.$group_set) ? e.properties.$group_set : {};
      if (applyOperations(group.state, { set }, { ts: e.timestamp, uuid: e.uuid })) dirty.add(gid);
    }
    for (const gid of dirty) {
      const g = groups.get(gid);
      if (!g) continue;
      g.version += 1;
      result.groups.push(g);
    }
    await this.repository.save(result.groups);
    if (options.replay) for (const [gid, g] of groups) if (!dirty.has(gid)) result.groups.push(g);
    return result;
  }

  async #indexOf(
    teamId: number,
    type: string,
    e: GroupEventInput,
    result: GroupBatchResult,
  ): Promise<number | null> {
    let types = this.#types.get(teamId);
    if (!types) {
      types = new Map((await this.repository.groupTypes(teamId)).map((m) => [m.groupType, m.index]));
      this.#types.set(teamId, types);
    }
    const known = types.get(type);
    if (known !== undefined) return known;
    const added = await this.repository.addGroupType(teamId, type);
    if (!added) {
      result.warnings.push({
        teamId,
        type: 'group_type_limit_exceeded',
        details: { groupType: type, eventUuid: e.uuid, limit: 5 },
        timestamp: e.timestamp,
      });
      return null;
    }
    types.set(type, added.index);
    return added.index;
  }
}
