import type { EventStore } from '../event-store/event-store';
import type { Logger } from '../runtime/logger';
import type { Spool, SpoolRecord } from '../spool/spool';
import type { SpoolRange } from '../spool/spool-checkpoint';
import { comparePositions, formatPosition, type SpoolPosition } from '../spool/spool-position';
import type { ProcessedBatch, SpoolBatchProcessor } from './spool-batch-processor';

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

/** A range handed to the processor, and what it will give back. */
interface InFlight {
  range: SpoolRange;
  result: Promise<ProcessedBatch>;
}

/**
 * Moves accepted events from the spool into the event store. For each batch it first records the
 * range it is about to process (in the checkpoint's `pending`), has the processor run the pipeline (on
 * the ingestion worker thread in the server), writes every output with a deduplication token derived
 * from the range, and only then advances the checkpoint past it. While one batch's rows are written,
 * the next range is already being processed (so the worker never waits for the event store); both are
 * pending until written. After a crash every pending range is processed again, in order and exactly as
 * recorded: the app store writes are idempotent and the event store drops the repeated inserts, so
 * nothing acknowledged is lost and nothing is duplicated. When a store is down the pending ranges are
 * retried with back-off while capture keeps spooling.
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
      processor: SpoolBatchProcessor;
      eventStore: EventStore;
      logger: Logger;
      /** Told which projects got new rows after each batch (query caches go stale). */
      onBatchWritten?: (teamIds: number[]) => void;
    },
    options: IngestionConsumerOptions = {},
  ) {
    // About 7,000 events of posthog-node's size: large inserts, while the objects of the two batches in
    // flight stay well inside the memory budget (docs/benchmarks.md).
    this.#maxBatchBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 10_000;
  }

  start(): void {
    this.#stopping = false;
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
    });
  }

  /** Finishes the batches in flight (unless a store is down) and stops. */
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
    /** Ranges sent to the processor, in order: exactly the checkpoint's `pending` once it is written. */
    const inFlight: InFlight[] = [];
    // When stopping, what is in flight is finished (unless a store is down).
    while (!this.#stopping || inFlight.length > 0) {
      try {
        if (inFlight.length === 0) {
          // At start and after a failure: first the ranges a previous attempt left pending, as recorded,
          // whose app store changes may be stored while their read-model rows are not (replay).
          for (const range of spool.checkpoint.pending) {
            const records = await this.#readRange(range.from, range.to);
            const payloads = records.map((r) => r.payload);
            inFlight.push({ range, result: this.deps.processor.process(payloads, { replay: true }) });
          }
          if (inFlight.length === 0 && (this.#stopping || !(await this.#startNext(inFlight)))) {
            this.#caughtUpAt = Date.now();
            for (const w of this.#idleWaiters.splice(0)) w();
            if (!this.#stopping) await spool.waitForData(spool.checkpoint.consumed, 200);
            continue;
          }
        }
        const current = inFlight[0] as InFlight;
        const output = await current.result;
        // Read ahead: the next range is processed while this one's rows are written.
        if (!this.#stopping && inFlight.length === 1) await this.#startNext(inFlight);
        await this.#write(current.range, output);
        inFlight.shift();
        await spool.commitCheckpoint({ consumed: current.range.to, pending: inFlight.map((f) => f.range) });
        this.#count(output);
        this.stats.failures = 0;
        delay = 100;
      } catch (error) {
        // Whatever is in flight is done again from the checkpoint; its outcome no longer matters.
        for (const f of inFlight.splice(0)) f.result.catch(() => {});
        this.stats.failures += 1;
        this.stats.lastError = error instanceof Error ? error.message : String(error);
        if (this.stats.failures === 1 || this.stats.failures % 20 === 0) {
          logger.warn(
            { err: this.stats.lastError, failures: this.stats.failures },
            'ingestion batch failed; retrying',
          );
        }
        if (this.#stopping) break;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, this.#maxRetryDelayMs);
      }
    }
  }

  /**
   * Reads the range after those in flight (after `consumed` when none are), records it as pending and
   * hands it to the processor; false when the spool holds nothing more yet.
   */
  async #startNext(inFlight: InFlight[]): Promise<boolean> {
    const { spool } = this.deps;
    const from = inFlight.at(-1)?.range.to ?? spool.checkpoint.consumed;
    const records = await spool.read(from, this.#maxBatchBytes);
    const last = records.at(-1);
    if (!last) return false;
    const range = { from, to: last.next };
    // Durably pending before the processor writes anything to the app store.
    await spool.commitCheckpoint({
      consumed: spool.checkpoint.consumed,
      pending: [...inFlight.map((f) => f.range), range],
    });
    const payloads = records.map((r) => r.payload);
    inFlight.push({ range, result: this.deps.processor.process(payloads, { replay: false }) });
    return true;
  }

  async #write(range: SpoolRange, output: ProcessedBatch): Promise<void> {
    const token = `${formatPosition(range.from)}-${formatPosition(range.to)}`;
    for (const { table, rows } of output.inserts) {
      await this.deps.eventStore.insertEncoded(table, rows, { deduplicationToken: `${token}:${table}` });
    }
  }

  #count(output: ProcessedBatch): void {
    if (this.deps.onBatchWritten && output.teamIds.length > 0) this.deps.onBatchWritten(output.teamIds);
    this.stats.batches += 1;
    this.stats.ingested += output.counts.ingested;
    this.stats.dropped += output.counts.dropped;
    this.stats.deadLettered += output.counts.deadLettered;
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
