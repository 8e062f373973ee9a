import type { EventStore, Row } from './event-store';

export interface BatchingWriterOptions {
  /** Flush as soon as this many rows are waiting. */
  maxRows?: number;
  /** Flush rows that have waited this long, even if the batch is small. */
  maxDelayMs?: number;
}

interface Pending {
  rows: Row[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Accumulates rows for one table and inserts them in large batches: ClickHouse wants few big inserts,
 * never one row at a time. `write` resolves once the batch holding the rows has been inserted, and
 * rejects if that insert failed, so callers can acknowledge (or retry) exactly what was stored.
 * One insert runs at a time; rows written meanwhile form the next batch.
 */
export class BatchingWriter {
  readonly #store: EventStore;
  readonly #table: string;
  readonly #maxRows: number;
  readonly #maxDelayMs: number;
  #pending: Pending = { rows: [], waiters: [] };
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(store: EventStore, table: string, options: BatchingWriterOptions = {}) {
    this.#store = store;
    this.#table = table;
    this.#maxRows = options.maxRows ?? 50_000;
    this.#maxDelayMs = options.maxDelayMs ?? 250;
  }

  /** Rows waiting for the next insert. */
  get pendingRows(): number {
    return this.#pending.rows.length;
  }

  write(rows: readonly Row[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error(`Writer for ${this.#table} is closed.`));
    if (rows.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => {
      this.#pending.waiters.push({ resolve, reject });
    });
    for (const r of rows) this.#pending.rows.push(r);
    if (this.#pending.rows.length >= this.#maxRows) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#maxDelayMs);
    return done;
  }

  /** Inserts everything written so far; resolves when it is stored (or its insert failed). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const batch = this.#pending;
    if (batch.rows.length === 0) return this.#inFlight;
    this.#pending = { rows: [], waiters: [] };
    this.#inFlight = this.#inFlight.then(async () => {
      try {
        await this.#store.insert(this.#table, batch.rows);
        for (const w of batch.waiters) w.resolve();
      } catch (error) {
        for (const w of batch.waiters) w.reject(error);
      }
    });
    return this.#inFlight;
  }

  /** Flushes what is waiting and refuses further writes. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }
}
