import type { AppStoreConfig, Config } from '../config/config';
import type { PersonBatchResult, PersonEventInput } from '../persons/person-processor';
import type { DeletedPerson } from '../persons/person-writes';
import type { ProcessedBatch } from './spool-batch-processor';

/** What the ingestion worker thread is started with. */
export interface IngestionWorkerData {
  appStore: AppStoreConfig;
  logLevel: Config['logLevel'];
}

/** The calls the main thread makes to the ingestion worker: arguments and result of each. */
export interface IngestionWorkerCalls {
  /** Spool records concatenated in `data`, record i being `data[ends[i-1] ?? 0 .. ends[i]]`. */
  process: { args: { data: Uint8Array; ends: number[]; replay: boolean }; result: ProcessedBatch };
  personEvents: { args: { events: PersonEventInput[] }; result: PersonBatchResult };
  deletePerson: { args: { teamId: number; personId: string }; result: DeletedPerson | null };
  /** Finish, release the app store connection, and end the thread. */
  close: { args: Record<string, never>; result: null };
}

export type IngestionWorkerCall = keyof IngestionWorkerCalls;

export type IngestionWorkerRequest = {
  [K in IngestionWorkerCall]: { id: number; call: K; args: IngestionWorkerCalls[K]['args'] };
}[IngestionWorkerCall];

export type IngestionWorkerResponse =
  | { id: number; ok: true; result: IngestionWorkerCalls[IngestionWorkerCall]['result'] }
  | { id: number; ok: false; message: string; stack: string | null };
