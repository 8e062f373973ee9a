import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChdbEventStore } from '../../src/event-store/chdb-event-store';
import { deleteEventStoreRows } from '../../src/event-store/delete-rows';
import { eventStoreMigrations } from '../../src/event-store/event-store-migrations';
import { FakeEventStore } from '../../src/event-store/fake-event-store';
import { schemaMigrationsTable } from '../../src/event-store/migrate-event-store';
import { renderAddColumn, renderCreateTable } from '../../src/event-store/schema/render-ddl';
import { eventStoreConformance } from './event-store-conformance';

describe('chDB event store', () => {
  let dir: string;
  let store: ChdbEventStore;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-chdb-'));
    store = ChdbEventStore.open({ path: dir, database: 'hedgerow_test' });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  eventStoreConformance(() => store);

  it('parses every migration rendered for a cluster (ON CLUSTER, Replicated, Distributed)', async () => {
    const target = { database: 'hedgerow', cluster: 'hedgerow_cluster' };
    const statements = [
      ...renderCreateTable(schemaMigrationsTable, target),
      ...eventStoreMigrations.flatMap((m) =>
        m.steps.flatMap((s) =>
          s.kind === 'createTable'
            ? renderCreateTable(s.table, target)
            : renderAddColumn(s.table, s.column, target),
        ),
      ),
    ];
    expect(statements.length).toBeGreaterThan(4);
    for (const sql of statements) {
      // formatQuery parses without executing: a cluster need not exist for the syntax to be checked.
      const result = await store.query<{ f: string }>({
        sql: 'SELECT formatQuery({q:String}) AS f',
        params: { q: sql },
      });
      expect(result.rows[0]?.f).toContain('ON CLUSTER hedgerow_cluster');
    }
  });

  it('parses the mutations that delete rows on a cluster', async () => {
    const recorder = new FakeEventStore('hedgerow_cluster');
    await deleteEventStoreRows(
      recorder,
      'events',
      'team_id = {team:Int64} AND person_id IN {ids:Array(UUID)}',
      {
        team: 1,
        ids: [],
      },
    );
    await deleteEventStoreRows(recorder, 'persons', 'team_id = {team:Int64}', { team: 1 });
    for (const { sql } of recorder.commands) {
      const result = await store.query<{ f: string }>({
        sql: 'SELECT formatQuery({q:String}) AS f',
        params: { q: sql },
      });
      expect(result.rows[0]?.f).toMatch(/^ALTER TABLE \S+ ON CLUSTER hedgerow_cluster\s+\(DELETE WHERE/);
    }
  });
});
