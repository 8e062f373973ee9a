import type { PersonBatchResult, PersonEventInput } from './person-processor';
import type { DistinctIdRecord, PersonRecord } from './person-records';

/** A person removed for good, with its ids, as now stored (tombstones, for the read models). */
export interface DeletedPerson {
  tombstone: PersonRecord;
  distinctIds: DistinctIdRecord[];
}

/**
 * Changes to persons that come from the persons API rather than from ingested batches. Whoever writes
 * persons for ingestion makes them, serialized with its batches, so persons always have exactly one
 * writer: `PersonWriter` where ingestion runs, reached through `IngestionWorker` from the main thread.
 */
export interface PersonWrites {
  /** Runs these events through the persons processor as one batch (an import). */
  processEvents(events: PersonEventInput[]): Promise<PersonBatchResult>;
  /** Deletes a live person of the team with its ids and links; null when there is none. */
  deletePerson(teamId: number, personId: string): Promise<DeletedPerson | null>;
}
