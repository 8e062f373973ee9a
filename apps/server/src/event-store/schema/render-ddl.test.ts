import { describe, expect, it } from 'vitest';
import { quoteIdentifier, renderAddColumn, renderCreateDatabase, renderCreateTable } from './render-ddl';
import type { TableDefinition } from './table-definition';

const sharded: TableDefinition = {
  name: 'events',
  columns: [
    { name: 'uuid', type: 'UUID' },
    { name: '$session_id', type: 'String', comment: "it's the session" },
    { name: 'v', type: 'UInt64', default: '0', codec: 'ZSTD(3)' },
  ],
  engine: { kind: 'ReplacingMergeTree', versionColumn: 'v' },
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: ['uuid'],
  distribution: { kind: 'sharded', shardingKey: 'sipHash64(uuid)' },
  settings: { non_replicated_deduplication_window: 100 },
};
const replicated: TableDefinition = { ...sharded, name: 'persons', distribution: { kind: 'replicated' } };

describe('renderCreateTable', () => {
  it('renders a plain MergeTree-family table on a single node', () => {
    expect(renderCreateTable(sharded, { database: 'hr', cluster: null })).toEqual([
      [
        'CREATE TABLE IF NOT EXISTS `hr`.`events`',
        "(\n  `uuid` UUID,\n  `$session_id` String COMMENT 'it\\'s the session',\n  `v` UInt64 DEFAULT 0 CODEC(ZSTD(3))\n)",
        'ENGINE = ReplacingMergeTree(`v`)',
        'PARTITION BY toYYYYMM(timestamp)',
        'ORDER BY (uuid)',
        'SETTINGS non_replicated_deduplication_window = 100',
      ].join('\n'),
    ]);
  });

  it('renders a sharded table as a replicated local table behind a Distributed table on a cluster', () => {
    const [local, distributed] = renderCreateTable(sharded, { database: 'hr', cluster: 'main' });
    expect(local).toContain("CREATE TABLE IF NOT EXISTS `hr`.`events_local` ON CLUSTER 'main'");
    expect(local).toContain(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/hr.events_local', '{replica}', `v`)",
    );
    expect(distributed).toBe(
      "CREATE TABLE IF NOT EXISTS `hr`.`events` ON CLUSTER 'main' AS `hr`.`events_local` " +
        "ENGINE = Distributed('main', 'hr', 'events_local', sipHash64(uuid))",
    );
  });

  it('renders a replicated read model as a full copy on every node', () => {
    const statements = renderCreateTable(replicated, { database: 'hr', cluster: 'main' });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toContain(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/noshard/hr.persons', '{replica}', `v`)",
    );
  });

  it('adds a column to both the local and the Distributed table on a cluster', () => {
    const column = { name: 'extra', type: 'String' };
    expect(renderAddColumn(sharded, column, { database: 'hr', cluster: 'c' })).toEqual([
      "ALTER TABLE `hr`.`events_local` ON CLUSTER 'c' ADD COLUMN IF NOT EXISTS `extra` String",
      "ALTER TABLE `hr`.`events` ON CLUSTER 'c' ADD COLUMN IF NOT EXISTS `extra` String",
    ]);
    expect(renderCreateDatabase({ database: 'hr', cluster: 'c' })).toBe(
      "CREATE DATABASE IF NOT EXISTS `hr` ON CLUSTER 'c'",
    );
  });

  it('refuses identifiers that are not plain names', () => {
    expect(() => quoteIdentifier('a`; DROP')).toThrow(/plain identifier/);
    expect(() => renderCreateTable({ ...sharded, name: 'x y' }, { database: 'hr', cluster: null })).toThrow();
  });
});
