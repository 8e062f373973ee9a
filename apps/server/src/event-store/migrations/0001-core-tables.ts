import type { EventStoreMigration } from '../event-store-migration';
import type { TableDefinition } from '../schema/table-definition';

const groupColumns = [0, 1, 2, 3, 4].map((i) => ({
  name: `$group_${i}`,
  type: 'String',
  comment: `group key of group type index ${i}, from $groups`,
}));

/** Every captured event. Rows are immutable; a replayed insert of the same event collapses on merge. */
export const eventsTable: TableDefinition = {
  name: 'events',
  columns: [
    { name: 'uuid', type: 'UUID' },
    { name: 'team_id', type: 'Int64' },
    { name: 'event', type: 'String' },
    { name: 'distinct_id', type: 'String' },
    { name: 'person_id', type: 'UUID', comment: 'person the distinct id belonged to at ingestion' },
    { name: 'timestamp', type: "DateTime64(6, 'UTC')" },
    { name: 'properties', type: 'String', codec: 'ZSTD(3)', comment: 'JSON object' },
    { name: 'elements_chain', type: 'String', codec: 'ZSTD(3)' },
    { name: 'created_at', type: "DateTime64(6, 'UTC')", comment: 'when the server received it' },
    { name: '$session_id', type: 'String' },
    { name: '$window_id', type: 'String' },
    ...groupColumns,
    { name: 'inserted_at', type: "DateTime64(6, 'UTC')", default: 'now64(6)' },
  ],
  engine: { kind: 'ReplacingMergeTree', versionColumn: 'inserted_at' },
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: ['team_id', 'toDate(timestamp)', 'event', 'cityHash64(distinct_id)', 'cityHash64(uuid)'],
  distribution: { kind: 'sharded', shardingKey: 'sipHash64(distinct_id)' },
  // Lets a batch re-inserted with the same deduplication token (a replay after a crash) be dropped.
  settings: { non_replicated_deduplication_window: 10_000 },
};

/** Read model of persons; the app store is the source of truth and writes a new version on change. */
export const personsTable: TableDefinition = {
  name: 'persons',
  columns: [
    { name: 'id', type: 'UUID' },
    { name: 'team_id', type: 'Int64' },
    { name: 'properties', type: 'String', codec: 'ZSTD(3)', comment: 'JSON object' },
    { name: 'is_identified', type: 'UInt8' },
    { name: 'created_at', type: "DateTime64(3, 'UTC')" },
    { name: 'version', type: 'UInt64' },
    { name: 'is_deleted', type: 'UInt8', default: '0' },
  ],
  engine: { kind: 'ReplacingMergeTree', versionColumn: 'version' },
  orderBy: ['team_id', 'id'],
  distribution: { kind: 'replicated' },
  settings: { non_replicated_deduplication_window: 10_000 },
};

/** Read model of which person each distinct id currently belongs to. */
export const personDistinctIdsTable: TableDefinition = {
  name: 'person_distinct_ids',
  columns: [
    { name: 'team_id', type: 'Int64' },
    { name: 'distinct_id', type: 'String' },
    { name: 'person_id', type: 'UUID' },
    { name: 'version', type: 'UInt64' },
    { name: 'is_deleted', type: 'UInt8', default: '0' },
  ],
  engine: { kind: 'ReplacingMergeTree', versionColumn: 'version' },
  orderBy: ['team_id', 'distinct_id'],
  distribution: { kind: 'replicated' },
  settings: { non_replicated_deduplication_window: 10_000 },
};

/** Read model of groups (companies, workspaces, …) and their properties. */
export const groupsTable: TableDefinition = {
  name: 'groups',
  columns: [
    { name: 'team_id', type: 'Int64' },
    { name: 'group_type_index', type: 'UInt8' },
    { name: 'group_key', type: 'String' },
    { name: 'group_properties', type: 'String', codec: 'ZSTD(3)', comment: 'JSON object' },
    { name: 'created_at', type: "DateTime64(3, 'UTC')" },
    { name: 'version', type: 'UInt64' },
  ],
  engine: { kind: 'ReplacingMergeTree', versionColumn: 'version' },
  orderBy: ['team_id', 'group_type_index', 'group_key'],
  distribution: { kind: 'replicated' },
  settings: { non_replicated_deduplication_window: 10_000 },
};

export const migration0001CoreTables: EventStoreMigration = {
  version: 1,
  name: 'core-tables',
  steps: [eventsTable, personsTable, personDistinctIdsTable, groupsTable].map((table) => ({
    kind: 'createTable' as const,
    table,
  })),
};
