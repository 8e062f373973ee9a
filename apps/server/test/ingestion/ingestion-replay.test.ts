import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/app-store/create-app-store';
import { migrateAppStore } from '../../src/app-store/migrate-app-store';
import type { CaptureBatch } from '../../src/capture/captured-event';
import { ChdbEventStore } from '../../src/event-store/chdb-event-store';
import { migrateEventStore } from '../../src/event-store/migrate-event-store';
import { ProjectRepository } from '../../src/features/projects/project-repository';
import { GroupProcessor } from '../../src/groups/group-processor';
import { GroupRepository } from '../../src/groups/group-repository';
import { EventPipeline } from '../../src/ingestion/event-pipeline';
import { IngestionConsumer } from '../../src/ingestion/ingestion-consumer';
import { PipelineBatchProcessor } from '../../src/ingestion/pipeline-batch-processor';
import { resolveTimestampStep } from '../../src/ingestion/steps/resolve-timestamp-step';
import { PersonProcessor } from '../../src/persons/person-processor';
import { PersonRepository } from '../../src/persons/person-repository';
import { createLogger } from '../../src/runtime/logger';
import { Spool } from '../../src/spool/spool';
import type { SpoolCheckpoint } from '../../src/spool/spool-checkpoint';
import { comparePositions } from '../../src/spool/spool-position';

/**
 * The crash window that matters: the batch's rows are in the event store but the checkpoint did not
 * move. Processing the same range again must store nothing twice.
 */
describe('ingestion replay after a crash between insert and checkpoint', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-replay-'));
  const appStore = createAppStore({ kind: 'sqlite', path: ':memory:' });
  const eventStore = ChdbEventStore.open({ path: path.join(dir, 'chdb'), database: 'replay' });
  let teamId: number;

  beforeAll(async () => {
    await migrateAppStore(appStore);
    await migrateEventStore(eventStore);
    const now = new Date().toISOString();
    await appStore.db
      .insertInto('organizations')
      .values({ id: 'o', name: 'o', created_at: now, updated_at: now })
      .execute();
    teamId = (await new ProjectRepository(appStore.db).create('o', { name: 'p' })).id;
  });
  afterAll(async () => {
    await eventStore.close();
    await appStore.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores every event exactly once when the checkpoint write fails after the inserts', async () => {
    const spool = await Spool.open(path.join(dir, 'spool'));
    const batches: CaptureBatch[] = Array.from({ length: 20 }, (_, b) => ({
      v: 1,
      receivedAt: Date.now(),
      projectId: teamId,
      ip: null,
      userAgent: null,
      sentAt: null,
      historical: false,
      events: Array.from({ length: 25 }, (_, i) => ({
        uuid: randomUUID(),
        event: i === 0 ? '$identify' : 'clicked',
        distinct_id: `user-${b}`,
        properties: i === 0 ? { $anon_distinct_id: `anon-${b}`, $set: { n: b } } : {},
        timestamp: new Date(Date.now() - i * 1000).toISOString(),
        offset: null,
      })),
    }));
    for (const batch of batches) await spool.append(Buffer.from(JSON.stringify(batch)));

    // Fail the first "consumed" checkpoint after its inserts succeeded, as a crash there would.
    let failures = 0;
    const commit = spool.commitCheckpoint.bind(spool);
    spool.commitCheckpoint = async (checkpoint: SpoolCheckpoint) => {
      const advances = comparePositions(checkpoint.consumed, spool.checkpoint.consumed) > 0;
      if (advances && failures === 0) {
        failures += 1;
        throw new Error('simulated crash before the checkpoint moved');
      }
      return commit(checkpoint);
    };
    const pipeline = new EventPipeline({
      steps: [resolveTimestampStep],
      persons: new PersonProcessor(new PersonRepository(appStore.db)),
      groups: new GroupProcessor(new GroupRepository(appStore.db)),
      projectSettings: async (ids) => new Map(ids.map((id) => [id, { teamId: id, geoipEnabled: true }])),
    });
    const consumer = new IngestionConsumer(
      { spool, processor: new PipelineBatchProcessor(pipeline), eventStore, logger: createLogger('silent') },
      { maxBatchBytes: 20_000, maxRetryDelayMs: 50 },
    );
    consumer.start();
    await consumer.drained();
    await consumer.stop();
    await spool.close();

    expect(failures).toBe(1);
    const counts = await eventStore.query<{ total: number; distinct: number; persons: number }>({
      sql: `SELECT count() AS total, uniqExact(uuid) AS distinct,
              (SELECT uniqExact(id) FROM replay.persons FINAL WHERE is_deleted = 0) AS persons
            FROM replay.events`,
    });
    expect(counts.rows[0]).toEqual({ total: 500, distinct: 500, persons: 20 });
  });
});
