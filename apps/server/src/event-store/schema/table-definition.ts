/**
 * A table described as data, so that one definition renders to single-node DDL (MergeTree family) or
 * to cluster DDL (`ON CLUSTER`, Replicated engines, Distributed tables) without forking SQL.
 */
export interface TableDefinition {
  name: string;
  columns: readonly ColumnDefinition[];
  engine: { kind: 'MergeTree' } | { kind: 'ReplacingMergeTree'; versionColumn: string };
  orderBy: readonly string[];
  partitionBy?: string;
  ttl?: string;
  /** MergeTree settings (numbers only; ours, never input). */
  settings?: Record<string, number>;
  /**
   * How a cluster holds the table: `sharded` splits rows across shards by `shardingKey` behind a
   * Distributed table; `replicated` keeps a full copy on every node (small read models that queries
   * join against locally).
   */
  distribution: { kind: 'sharded'; shardingKey: string } | { kind: 'replicated' };
}

export interface ColumnDefinition {
  name: string;
  type: string;
  /** SQL expression for DEFAULT, written by us (never from input). */
  default?: string;
  codec?: string;
  comment?: string;
}
