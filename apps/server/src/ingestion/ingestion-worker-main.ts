// The ingestion worker thread's entry point (bundled as dist/ingestion-worker-main.js and started by
// IngestionWorker): ingestion's own composition root, on an app store connection of its own.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { createAppStore } from '../app-store/create-app-store';
import { createLogger } from '../runtime/logger';
import { createIngestionServices } from './create-ingestion-services';
import type {
  IngestionWorkerCalls,
  IngestionWorkerData,
  IngestionWorkerRequest,
  IngestionWorkerResponse,
} from './ingestion-worker-protocol';
import type { ProcessedBatch } from './spool-batch-processor';

function connectedPort(): MessagePort {
  if (!parentPort) throw new Error('ingestion-worker-main runs as a worker thread (see IngestionWorker).');
  return parentPort;
}

const port = connectedPort();
const data = workerData as IngestionWorkerData;
const logger = createLogger(data.logLevel);
const appStore = createAppStore(data.appStore);
const services = createIngestionServices(appStore, logger);

/** A buffer of its own, so it can be handed to the main thread instead of copied. */
function transferable(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : new Uint8Array(bytes);
}

async function handle(
  request: IngestionWorkerRequest,
): Promise<{ result: IngestionWorkerCalls[typeof request.call]['result']; transfer: ArrayBuffer[] }> {
  switch (request.call) {
    case 'process': {
      const { data: bytes, ends, replay } = request.args;
      const records = ends.map((end, i) => bytes.subarray(ends[i - 1] ?? 0, end));
      const processed = await services.processor.process(records, { replay });
      const inserts: ProcessedBatch['inserts'] = processed.inserts.map(({ table, rows }) => ({
        table,
        rows: { ...rows, data: transferable(rows.data) },
      }));
      return {
        result: { ...processed, inserts },
        transfer: inserts.map((i) => i.rows.data.buffer as ArrayBuffer),
      };
    }
    case 'personEvents':
      return { result: await services.personWrites.processEvents(request.args.events), transfer: [] };
    case 'deletePerson': {
      const { teamId, personId } = request.args;
      return { result: await services.personWrites.deletePerson(teamId, personId), transfer: [] };
    }
    case 'close':
      await services.processor.close();
      await appStore.close();
      // No more messages: the thread ends once this answer is out.
      setImmediate(() => port.close());
      return { result: null, transfer: [] };
  }
}

// Calls run as they come: the processor takes batches one at a time and the persons API's writes take
// the persons lock.
port.on('message', (request: IngestionWorkerRequest) => {
  handle(request).then(
    ({ result, transfer }) => {
      const response: IngestionWorkerResponse = { id: request.id, ok: true, result };
      port.postMessage(response, transfer);
    },
    (error: unknown) => {
      const response: IngestionWorkerResponse = {
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? (error.stack ?? null) : null,
      };
      port.postMessage(response);
    },
  );
});
