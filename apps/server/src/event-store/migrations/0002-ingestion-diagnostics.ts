import type { EventStoreMigration } from '../event-store-migration';
import type { TableDefinition } from '../schema/table-definition';

/** Events the pipeline refused, with the reason, kept for 30 days. */
export const deadLettersTable: TableDefinition = {
  name: 'ingestion_dead_letters',
  columns: [
    { name: 'id', type: 'UUID' },
    { name: 'team_id', type: 'Int64' },
    { name: 'event_uuid', type: 'String' },
    { name: 'event', type: 'String' },
    { name: 'distinct_id', type: 'String' },
    { name: 'error_location', type: 'String', comment: 'the pipeline step that refused it' },
    { name: 'error', type: 'String' },
    { name: 'raw', type: 'String', codec: 'ZSTD(3)', comment: 'the event as captured, JSON' },
    { name: 'created_at', type: "DateTime64(3, 'UTC')" },
  ],
  engine: { kind: 'MergeTree' },
  partitionBy: 'toYYYYMM(created_at)',
  orderBy: ['team_id', 'created_at'],
  ttl: 'toDateTime(created_at) + INTERVAL 30 DAY',
  distribution: { kind: 'sharded', shardingKey: 'rand()' },
  settings: { non_replicated_deduplication_window: 10_000 },
};

/** Things about a project's events its owners should know (refused merges, bad timestamps, …). */
export const ingestionWarningsTable: TableDefinition = {
  name: 'ingestion_warnings',
  columns: [
    { name: 'team_id', type: 'Int64' },
    { name: 'source', type: 'LowCardinality(String)' },
    { name: 'type', type: 'LowCardinality(String)' },
    { name: 'details', type: 'String', comment: 'JSON object' },
    { name: 'timestamp', type: "DateTime64(6, 'UTC')" },
  ],
  engine: { kind: 'MergeTree' },
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: ['team_id', 'timestamp'],
  ttl: 'toDateTime(timestamp) + INTERVAL 90 DAY',
  distribution: { kind: 'sharded', shardingKey: 'team_id' },
  settings: { non_replicated_deduplication_window: 10_000 },
};

export const migration0002IngestionDiagnostics: EventStoreMigration = {
  version: 2,
  name: 'ingestion-diagnostics',
  steps: [deadLettersTable, ingestionWarningsTable].map((table) => ({ kind: 'createTable' as const, table })),
};
