import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChdbEventStore } from '../../src/event-store/chdb-event-store';
import { eventStoreMigrations } from '../../src/event-store/event-store-migrations';
import { migrateEventStore } from '../../src/event-store/migrate-event-store';

/** An event store made by an older Hedgerow (only its first migration) is upgraded in place. */
describe('event store migrated forward', () => {
  let dir: string;
  let store: ChdbEventStore;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-chdb-forward-'));
    store = ChdbEventStore.open({ path: dir, database: 'hedgerow_forward' });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies only the newer migrations and keeps the rows written before', async () => {
    const [first, ...later] = eventStoreMigrations;
    if (!first) throw new Error('no migrations');
    const label = (m: { version: number; name: string }) => `${String(m.version).padStart(4, '0')}-${m.name}`;
    expect((await migrateEventStore(store, [first])).applied).toEqual([label(first)]);
    const uuid = randomUUID();
    await store.insert('events', [
      {
        uuid,
        team_id: 7,
        event: 'before the upgrade',
        distinct_id: 'old-user',
        person_id: randomUUID(),
        timestamp: '2024-03-01 12:00:00.000000',
        properties: '{}',
        elements_chain: '',
        created_at: '2024-03-01 12:00:00.000000',
        $session_id: '',
        $window_id: '',
      },
    ]);

    expect((await migrateEventStore(store)).applied).toEqual(later.map(label));
    expect((await migrateEventStore(store)).applied).toEqual([]);
    const rows = await store.query<{ event: string }>({
      sql: 'SELECT event FROM hedgerow_forward.events WHERE uuid = {uuid:UUID}',
      params: { uuid },
    });
    expect(rows.rows).toEqual([{ event: 'before the upgrade' }]);
    const tables = await store.query<{ name: string }>({
      sql: "SELECT name FROM system.tables WHERE database = 'hedgerow_forward' ORDER BY name",
    });
    expect(tables.rows.map((r) => r.name)).toContain('cohort_people');
  });
});
