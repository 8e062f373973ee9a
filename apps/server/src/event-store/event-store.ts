/**
 * The event store port: the OLAP store behind events, the person and distinct-id read models, and
 * groups. There is one SQL dialect, ClickHouse's; adapters differ only in transport (chDB in-process,
 * or a ClickHouse server over HTTP), never in the SQL they run.
 */
export interface EventStore {
  readonly kind: 'chdb' | 'clickhouse';
  /** The database every Hedgerow table lives in. */
  readonly database: string;
  /** `ON CLUSTER` target, or null on a single node (and always null on chDB). */
  readonly cluster: string | null;
  /**
   * Runs a SELECT and returns its rows. Values are bound with ClickHouse `{name:Type}` placeholders;
   * 64-bit integers come back as JS numbers.
   */
  query<T extends Row = Row>(query: BoundQuery, options?: QueryOptions): Promise<QueryResult<T>>;
  /** Runs a statement without a result: DDL, mutations, `INSERT … SELECT`. */
  command(query: BoundQuery, options?: QueryOptions): Promise<void>;
  /** Inserts rows into one table in a single batch (the ingestion consumer accumulates a spool range first). */
  insert(table: string, rows: readonly Row[], options?: InsertOptions): Promise<void>;
  /**
   * Inserts rows that are already serialized (by ingestion, off the main thread), with the same
   * semantics as `insert`.
   */
  insertEncoded(table: string, rows: EncodedRows, options?: InsertOptions): Promise<void>;
  /** Resolves when the store answers; rejects with an EventStoreError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type Row = Record<string, unknown>;

/** Rows serialized as `JSONEachRow`: one JSON object per line, each line ending in a newline. */
export interface EncodedRows {
  data: Uint8Array;
  /** How many rows `data` holds. */
  rows: number;
  /**
   * Whether some String columns are given as JSON objects rather than strings (ClickHouse stores the
   * object's text as it is, which spares escaping a JSON document inside a JSON string).
   */
  objectsAsStrings: boolean;
}

/** SQL text plus the values of its `{name:Type}` placeholders. Values never enter the text. */
export interface BoundQuery {
  sql: string;
  params?: Record<string, QueryParam>;
}

export type QueryParam = string | number | boolean | null | Date | readonly QueryParam[];

export interface QueryOptions {
  signal?: AbortSignal;
  /** Server-side limit (`max_execution_time`), in milliseconds. */
  timeoutMs?: number;
  /** Extra ClickHouse settings for this statement. */
  settings?: Record<string, string | number | boolean>;
}

export interface InsertOptions {
  /**
   * Identifies this batch so that inserting the same batch again (a replay after a crash) is a no-op.
   * Maps to ClickHouse's `insert_deduplication_token`.
   */
  deduplicationToken?: string;
}

export interface QueryResult<T extends Row> {
  rows: T[];
  columns: { name: string; type: string }[];
  statistics: { elapsedMs: number; rowsRead: number; bytesRead: number };
}
