import { Worker } from 'node:worker_threads';
import type { PersonBatchResult, PersonEventInput } from '../persons/person-processor';
import type { DeletedPerson, PersonWrites } from '../persons/person-writes';
import type { Logger } from '../runtime/logger';
import type {
  IngestionWorkerCall,
  IngestionWorkerCalls,
  IngestionWorkerData,
  IngestionWorkerRequest,
  IngestionWorkerResponse,
} from './ingestion-worker-protocol';
import type { ProcessedBatch, SpoolBatchProcessor } from './spool-batch-processor';

interface PendingCall {
  resolve: (result: IngestionWorkerCalls[IngestionWorkerCall]['result']) => void;
  reject: (error: Error) => void;
}

/** How long `close` waits for the worker to finish on its own before terminating it. */
const CLOSE_TIMEOUT_MS = 30_000;

/**
 * Where the worker's code is. Bundled (`hedgerow start`): `dist/ingestion-worker-main.js` next to
 * `dist/cli.js`. From source (tests, tsx): the same bundle, built first when stale, because Node 20
 * cannot load TypeScript in a worker thread and the bundle starts in a fraction of a second.
 */
async function workerScript(): Promise<URL> {
  if (!import.meta.url.endsWith('.ts')) return new URL('./ingestion-worker-main.js', import.meta.url);
  const buildScript = new URL('../../scripts/build.mjs', import.meta.url).href;
  const build = (await import(buildScript)) as { ensureServerBuilt(): Promise<boolean> };
  await build.ensureServerBuilt();
  return new URL('../../dist/ingestion-worker-main.js', import.meta.url);
}

/**
 * Ingestion on a thread of its own (ADR 0011): the pipeline, persons, groups, definitions and row
 * serialization run in a worker with its own app store connection, so that capture on the main thread
 * never waits behind a batch, and ingestion gets a core of its own. The worker also makes the persons
 * API's writes (`PersonWrites`), so persons keep exactly one writer. The main thread keeps the spool,
 * the checkpoints and the event store: chDB is one session per process, and the worker hands back
 * serialized rows for it to insert.
 *
 * The thread starts with the first call. If it fails or exits, the calls in flight reject (the
 * consumer retries its batch, which is idempotent) and the next call starts a new one.
 */
export class IngestionWorker implements SpoolBatchProcessor, PersonWrites {
  #worker: Promise<Worker> | null = null;
  readonly #pending = new Map<number, PendingCall>();
  #nextId = 1;
  #closed = false;

  constructor(private readonly deps: { data: IngestionWorkerData; logger: Logger }) {}

  process(records: readonly Uint8Array[], options: { replay: boolean }): Promise<ProcessedBatch> {
    // One buffer for the whole batch, handed over rather than copied.
    const data = Buffer.allocUnsafeSlow(records.reduce((n, r) => n + r.byteLength, 0));
    const ends: number[] = [];
    let at = 0;
    for (const r of records) {
      data.set(r, at);
      at += r.byteLength;
      ends.push(at);
    }
    return this.#call('process', { data, ends, replay: options.replay }, [data.buffer]);
  }

  processEvents(events: PersonEventInput[]): Promise<PersonBatchResult> {
    return this.#call('personEvents', { events });
  }

  deletePerson(teamId: number, personId: string): Promise<DeletedPerson | null> {
    return this.#call('deletePerson', { teamId, personId });
  }

  /**
   * Ends the worker thread at once, as a crash would: the calls in flight reject (the consumer retries
   * its pending ranges) and the next call starts a new worker. For tests of that path.
   */
  async terminate(): Promise<void> {
    const worker = await this.#worker?.catch(() => null);
    await worker?.terminate();
  }

  /** Lets the worker finish what it was given, close its app store connection and end. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const running = this.#worker;
    if (!running) return;
    const worker = await running.catch(() => null);
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS);
    try {
      await this.#send(worker, 'close', {}, []);
    } catch {
      // It ended anyway; nothing left to release.
    }
    await exited;
    clearTimeout(timer);
  }

  #call<K extends IngestionWorkerCall>(
    call: K,
    args: IngestionWorkerCalls[K]['args'],
    transfer: ArrayBuffer[] = [],
  ): Promise<IngestionWorkerCalls[K]['result']> {
    if (this.#closed) return Promise.reject(new Error('The ingestion worker is closed.'));
    return this.#started().then((worker) => this.#send(worker, call, args, transfer));
  }

  #send<K extends IngestionWorkerCall>(
    worker: Worker,
    call: K,
    args: IngestionWorkerCalls[K]['args'],
    transfer: ArrayBuffer[],
  ): Promise<IngestionWorkerCalls[K]['result']> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        // The worker answers call K with K's result (ingestion-worker-main.ts).
        resolve: (result) => resolve(result as IngestionWorkerCalls[K]['result']),
        reject,
      });
      // A worker with calls in flight keeps the process alive; an idle one does not.
      worker.ref();
      worker.postMessage({ id, call, args } as IngestionWorkerRequest, transfer);
    });
  }

  #started(): Promise<Worker> {
    this.#worker ??= this.#start().catch((error: unknown) => {
      this.#worker = null;
      throw error;
    });
    return this.#worker;
  }

  async #start(): Promise<Worker> {
    const worker = new Worker(await workerScript(), {
      workerData: this.deps.data,
      resourceLimits: { maxYoungGenerationSizeMb: 64 },
    });
    worker.unref();
    worker.on('message', (message: IngestionWorkerResponse) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) worker.unref();
      if (message.ok) pending.resolve(message.result);
      else {
        const error = new Error(message.message);
        if (message.stack) error.stack = message.stack;
        pending.reject(error);
      }
    });
    worker.on('error', (error) => {
      this.deps.logger.error({ err: error }, 'the ingestion worker failed');
      this.#failAll(error);
    });
    worker.on('exit', (code) => {
      this.#worker = null;
      this.#failAll(new Error(`The ingestion worker exited (code ${code}).`));
    });
    return worker;
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }
}
