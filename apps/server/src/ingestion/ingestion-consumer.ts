import type { CaptureBatch } from '../capture/captured-event';
import type { EventStore } from '../event-store/event-store';
import type { Logger } from '../runtime/logger';
import type { Spool, SpoolRecord } from '../spool/spool';
import { comparePositions, formatPosition, type SpoolPosition } from '../spool/spool-position';
import type { EventPipeline, PipelineOutput } from './event-pipeline';

export interface IngestionConsumerOptions {
  /** About how many spooled bytes one batch reads. */
  maxBatchBytes?: number;
  /** Longest wait between retries of a failed batch. */
  maxRetryDelayMs?: number;
}

export interface IngestionStats {
  batches: number;
  ingested: number;
  dropped: number;
  deadLettered: number;
  /** Consecutive failures of the current batch (0 when healthy). */
  failures: number;
  lastError: string | null;
}

/** What is accepted but not yet queryable. */
export interface IngestionBacklog {
  /** Spooled bytes not yet written to the event store (0: every acknowledged event is queryable). */
  pendingBytes: number;
  /**
   * Milliseconds since this process last had nothing pending (0 when nothing is): an upper bound on
   * how long the oldest pending event has waited, for events received since the process started.
   */
  lagMs: number;
}

/** Where each output goes, in the order it is written: read models before the events that join them. */
const OUTPUT_TABLES: [keyof Omit<PipelineOutput, 'counts'>, string][] = [
  ['persons', 'persons'],
  ['distinctIds', 'person_distinct_ids'],
  ['groups', 'groups'],
  ['events', 'events'],
  ['deadLetters', 'ingestion_dead_letters'],
  ['warnings', 'ingestion_warnings'],
];

/**
 * Moves accepted events from the spool into the event store. For each batch it first records the
 * range it is about to process (the checkpoint's `pending`), runs the pipeline, writes every output
 * with a deduplication token derived from the range, and only then advances the checkpoint. After a
 * crash the same range is processed again: the app store writes are idempotent and the event store
 * drops the repeated inserts, so nothing acknowledged is lost and nothing is duplicated. When a store
 * is down the batch is retried with back-off while capture keeps spooling.
 */
export class IngestionConsumer {
  readonly stats: IngestionStats = {
    batches: 0,
    ingested: 0,
    dropped: 0,
    deadLettered: 0,
    failures: 0,
    lastError: null,
  };
  readonly #maxBatchBytes: number;
  readonly #maxRetryDelayMs: number;
  #running: Promise<void> | null = null;
  #stopping = false;
  #idleWaiters: (() => void)[] = [];
  #caughtUpAt = Date.now();

  constructor(
    private readonly deps: {
      spool: Spool;
      pipeline: EventPipeline;
      eventStore: EventStore;
      logger: Logger;
      /** Told which projects got new rows after each batch (query caches go stale). */
      onBatchWritten?: (teamIds: number[]) => void;
    },
    options: IngestionConsumerOptions = {},
  ) {
    // About 6,000 events of posthog-node's size: large inserts, while the main thread is not held for
    // more than about half a second per batch and the batch's objects stay well inside the memory budget
    // (docs/benchmarks.md).
    this.#maxBatchBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
  }

  start(): void {
    this.#stopping = false;
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
    });
  }

  /** Finishes the batch in progress (unless a store is down) and stops. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#running;
  }

  backlog(): IngestionBacklog {
    const pendingBytes = this.deps.spool.unconsumedBytes;
    const now = Date.now();
    if (pendingBytes === 0) this.#caughtUpAt = now;
    return { pendingBytes, lagMs: pendingBytes === 0 ? 0 : now - this.#caughtUpAt };
  }

  /** Resolves once everything durable in the spool right now has been consumed. */
  async drained(timeoutMs = 30_000): Promise<void> {
    const target = this.deps.spool.end;
    const deadline = Date.now() + timeoutMs;
    while (comparePositions(this.deps.spool.checkpoint.consumed, target) < 0) {
      if (Date.now() > deadline) throw new Error(`ingestion did not catch up within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.#idleWaiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async #loop(): Promise<void> {
    const { spool, logger } = this.deps;
    let delay = 100;
    while (!this.#stopping) {
      try {
        const did = await this.#processNext();
        this.stats.failures = 0;
        delay = 100;
        if (!did) {
          this.#caughtUpAt = Date.now();
          for (const w of this.#idleWaiters.splice(0)) w();
          await spool.waitForData(spool.checkpoint.consumed, 200);
        }
      } catch (error) {
        this.stats.failures += 1;
        this.stats.lastError = error instanceof Error ? error.message : String(error);
        if (this.stats.failures === 1 || this.stats.failures % 20 === 0) {
          logger.warn(
            { err: this.stats.lastError, failures: this.stats.failures },
            'ingestion batch failed; retrying',
          );
        }
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.#maxRetryDelayMs);
      }
    }
  }

  /** Processes one batch; false when there was nothing to do. */
  async #processNext(): Promise<boolean> {
    const { spool, pipeline, eventStore } = this.deps;
    const checkpoint = spool.checkpoint;
    let range = checkpoint.pending;
    let records: SpoolRecord[];
    if (range) {
      records = await this.#readRange(range.from, range.to);
    } else {
      records = await spool.read(checkpoint.consumed, this.#maxBatchBytes);
      const last = records.at(-1);
      if (!last) return false;
      range = { from: checkpoint.consumed, to: last.next };
      await spool.commitCheckpoint({ consumed: checkpoint.consumed, pending: range });
    }
    const batches = records.map((r) => JSON.parse(r.payload.toString('utf8')) as CaptureBatch);
    const output = await pipeline.run(batches);
    const token = `${formatPosition(range.from)}-${formatPosition(range.to)}`;
    for (const [key, table] of OUTPUT_TABLES) {
      const rows = output[key];
      if (rows.length > 0) await eventStore.insert(table, rows, { deduplicationToken: `${token}:${table}` });
    }
    await spool.commitCheckpoint({ consumed: range.to, pending: null });
    if (this.deps.onBatchWritten && output.events.length > 0) {
      this.deps.onBatchWritten([...new Set(output.events.map((e) => Number(e.team_id)))]);
    }
    this.stats.batches += 1;
    this.stats.ingested += output.counts.ingested;
    this.stats.dropped += output.counts.dropped;
    this.stats.deadLettered += output.counts.deadLettered;
    return true;
  }

  async #readRange(from: SpoolPosition, to: SpoolPosition): Promise<SpoolRecord[]> {
    const out: SpoolRecord[] = [];
    let at = from;
    while (comparePositions(at, to) < 0) {
      const records = await this.deps.spool.read(at, this.#maxBatchBytes);
      if (records.length === 0) break;
      for (const r of records) {
        if (comparePositions(r.position, to) >= 0) return out;
        out.push(r);
        at = r.next;
      }
    }
    return out;
  }
}
