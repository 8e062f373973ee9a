import path from 'node:path';
import { ChdbEventStore } from '../../apps/server/src/event-store/chdb-event-store';
import type { Row } from '../../apps/server/src/event-store/event-store';
import { formatClickhouseDateTime } from '../../apps/server/src/event-store/format-query-param';
import { migrateEventStore } from '../../apps/server/src/event-store/migrate-event-store';
import { personIdFor } from '../../apps/server/src/persons/person-processor';
import { CaptureBodyFactory } from './capture-body-factory';

export interface RawInsertInput {
  dataDir: string;
  events: number;
  batchRows: number;
  users: number;
}

export interface RawInsertResult {
  events: number;
  batches: number;
  /** Time spent in `EventStore.insert` (serializing JSONEachRow and chDB's insert), seconds. */
  seconds: number;
  eventsPerSecond: number;
}

interface PostedEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

/** The `events` rows the pipeline would write for these captured events (as in event-pipeline.ts). */
function eventRows(events: PostedEvent[], receivedAt: number): Row[] {
  return events.map((e) => {
    const properties: Record<string, unknown> = { ...e.properties, $ip: '127.0.0.1' };
    const groups = properties.$groups as Record<string, string> | undefined;
    return {
      uuid: e.uuid,
      team_id: 1,
      event: e.event,
      distinct_id: e.distinct_id,
      person_id: personIdFor(1, e.distinct_id),
      timestamp: formatClickhouseDateTime(new Date(e.timestamp)),
      properties: JSON.stringify(properties),
      elements_chain: '',
      created_at: formatClickhouseDateTime(new Date(receivedAt)),
      $session_id: typeof properties.$session_id === 'string' ? properties.$session_id : '',
      $window_id: typeof properties.$window_id === 'string' ? properties.$window_id : '',
      ...(groups?.company ? { $group_0: groups.company } : {}),
    };
  });
}

/**
 * The ceiling for ingestion: the same kind of event rows inserted straight into a fresh chDB event
 * store in large batches, with nothing else running in the process. Only the inserts are timed.
 */
const input = JSON.parse(process.argv[2] ?? '{}') as RawInsertInput;
const store = ChdbEventStore.open({ path: path.join(input.dataDir, 'events'), database: 'hedgerow' });
try {
  await migrateEventStore(store);
  const factory = new CaptureBodyFactory({ token: 'phc_raw', batchSize: 50, users: input.users, seed: 7 });
  let inserted = 0;
  let batches = 0;
  let nanos = 0n;
  while (inserted < input.events) {
    const size = Math.min(input.batchRows, input.events - inserted);
    const posted: PostedEvent[] = [];
    while (posted.length < size) {
      const body = JSON.parse(factory.next()) as { batch: PostedEvent[] };
      posted.push(...body.batch.slice(0, size - posted.length));
    }
    const rows = eventRows(posted, Date.now());
    const started = process.hrtime.bigint();
    await store.insert('events', rows, { deduplicationToken: `raw-${batches}` });
    nanos += process.hrtime.bigint() - started;
    inserted += rows.length;
    batches += 1;
  }
  const seconds = Number(nanos) / 1e9;
  const result: RawInsertResult = { events: inserted, batches, seconds, eventsPerSecond: inserted / seconds };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await store.close();
}
