import { formatClickhouseDateTime } from '../event-store/format-query-param';
import type { GroupRecord } from '../groups/group-repository';
import type { DistinctIdRecord, PersonRecord } from './person-records';
import { materialize } from './property-state';

/**
 * Rows of the event store's read models (persons, person_distinct_ids, groups), written whenever the
 * app store's source of truth changes. ReplacingMergeTree keeps the highest version of each.
 */
export function personRow(p: PersonRecord) {
  return {
    id: p.id,
    team_id: p.teamId,
    properties: JSON.stringify(p.isDeleted ? {} : materialize(p.state)),
    is_identified: p.identified ? 1 : 0,
    created_at: formatClickhouseDateTime(new Date(p.createdAtMs)),
    version: p.version,
    is_deleted: p.isDeleted ? 1 : 0,
  };
}

export function distinctIdRow(d: DistinctIdRecord) {
  return {
    team_id: d.teamId,
    distinct_id: d.distinctId,
    person_id: d.personId,
    version: d.version,
    is_deleted: d.isDeleted ? 1 : 0,
  };
}

export function groupRow(g: GroupRecord) {
  return {
    team_id: g.teamId,
    group_type_index: g.groupTypeIndex,
    group_key: g.groupKey,
    group_properties: JSON.stringify(materialize(g.state)),
    created_at: formatClickhouseDateTime(new Date(g.createdAtMs)),
    version: g.version,
  };
}
