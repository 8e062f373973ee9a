import path from 'node:path';
import { ChdbEventStore } from '../../apps/server/src/event-store/chdb-event-store';

/** What a stopped server's event store holds: total event rows and distinct uuids. */
export interface StoredEvents {
  rows: number;
  distinctUuids: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string };
const store = ChdbEventStore.open({ path: path.join(input.dataDir, 'events'), database: 'hedgerow' });
try {
  const result = await store.query<{ rows: number; distinct_uuids: number }>({
    sql: 'SELECT count() AS rows, uniqExact(uuid) AS distinct_uuids FROM hedgerow.events',
  });
  const row = result.rows[0];
  const stored: StoredEvents = { rows: row?.rows ?? 0, distinctUuids: row?.distinct_uuids ?? 0 };
  process.stdout.write(`${JSON.stringify(stored)}\n`);
} finally {
  await store.close();
}
