import type { EncodedRows } from '../event-store/event-store';

/** What one range of spool records becomes: serialized rows for each event store table. */
export interface ProcessedBatch {
  /** In the order they must be written: read models before the events that join them. */
  inserts: { table: string; rows: EncodedRows }[];
  /** Projects that got new events (their query caches go stale). */
  teamIds: number[];
  counts: { ingested: number; dropped: number; deadLettered: number };
}

/**
 * Turns spool records (each a CaptureBatch as JSON) into event store rows: the pipeline with persons,
 * groups and definitions in the app store, then serialization. Processing the same records again
 * gives the same rows and changes nothing more in the app store, which is what makes a replay after a
 * crash exact. Implemented in-process (`PipelineBatchProcessor`) and on a worker thread
 * (`IngestionWorker`, the server's default).
 */
export interface SpoolBatchProcessor {
  /**
   * `replay`: the records may have been processed before (a pending range after a crash or a failure),
   * so the read-model rows of every person, id and group they touch are given again, not just changes.
   */
  process(records: readonly Uint8Array[], options: { replay: boolean }): Promise<ProcessedBatch>;
  /** Stops taking work; resolves once resources (a worker, its app store connection) are released. */
  close(): Promise<void>;
}
