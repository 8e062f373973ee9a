import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChdbEventStore } from '../../src/event-store/chdb-event-store';
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
});
