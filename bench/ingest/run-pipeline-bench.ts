import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBootstrap } from '../../apps/server/src/cli/bootstrap-command';
import { loadConfig } from '../../apps/server/src/config/config';
import { createContainer } from '../../apps/server/src/container';
import { createEventStore } from '../../apps/server/src/event-store/create-event-store';
import type { EncodedRows, EventStore } from '../../apps/server/src/event-store/event-store';
import { FakeEventStore } from '../../apps/server/src/event-store/fake-event-store';
import { createLogger } from '../../apps/server/src/runtime/logger';
import { CaptureBodyFactory } from './capture-body-factory';

/**
 * `npx tsx bench/ingest/run-pipeline-bench.ts`: ingestion alone, without HTTP or a load generator
 * competing for the two cores, for quick before/after comparisons of the consumer's CPU per event.
 * 1. capture: `CaptureService.capture` of posthog-node bodies (50 concurrent requests, so the spool
 *    group-commits as under load) while the event store is down, so nothing is consumed yet;
 * 2. ingestion: a fresh container on the same data dir consumes the whole spool (pipeline, persons,
 *    groups, definitions, rows) into chDB (`--store chdb`, the default) or into a store that only
 *    serializes the rows (`--store null`); it prints wall time, process CPU (all threads) and both
 *    per event. Run with `node --cpu-prof --import tsx` for a profile.
 */

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    events: { type: 'string', default: '300000' },
    users: { type: 'string', default: '100000' },
    store: { type: 'string', default: 'chdb' },
    keep: { type: 'boolean', default: false },
    stages: { type: 'boolean', default: false },
    /** `worker` (the server's default) or `main`: where ingestion runs. `--stages` needs `main`. */
    thread: { type: 'string', default: 'worker' },
  },
});
const events = Number(values.events);
const users = Number(values.users);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Takes serialized rows (from the ingestion processor) and keeps nothing. */
class NullEventStore extends FakeEventStore {
  rows = 0;
  override async insertEncoded(_table: string, rows: EncodedRows): Promise<void> {
    this.rows += rows.rows;
  }
}

function cpuSeconds(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

/** Wall time spent in each patched method (nested calls are counted in both). */
const stageMs = new Map<string, number>();
function timeMethods(label: string, proto: object, names: string[]): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') throw new Error(`${label}.${name} is not a method`);
    target[name] = async function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        const key = `${label}.${name}`;
        stageMs.set(key, (stageMs.get(key) ?? 0) + performance.now() - started);
      }
    };
  }
}
if (values.stages) {
  const { PersonRepository } = await import('../../apps/server/src/persons/person-repository');
  const { PersonProcessor } = await import('../../apps/server/src/persons/person-processor');
  const { GroupProcessor } = await import('../../apps/server/src/groups/group-processor');
  const { DefinitionsRecorder } = await import(
    '../../apps/server/src/features/definitions/definitions-recorder'
  );
  const { DefinitionRepository } = await import(
    '../../apps/server/src/features/definitions/definition-repository'
  );
  const { EventPipeline } = await import('../../apps/server/src/ingestion/event-pipeline');
  timeMethods('PersonRepository', PersonRepository.prototype, [
    'loadDistinctIds',
    'loadPersons',
    'loadLinks',
    'save',
  ]);
  timeMethods('PersonProcessor', PersonProcessor.prototype, ['process']);
  timeMethods('GroupProcessor', GroupProcessor.prototype, ['process']);
  timeMethods('DefinitionsRecorder', DefinitionsRecorder.prototype, ['record']);
  timeMethods('DefinitionRepository', DefinitionRepository.prototype, ['write']);
  timeMethods('EventPipeline', EventPipeline.prototype, ['run']);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-bench-pipeline-'));
const logger = createLogger('silent');
try {
  const config = loadConfig({
    HEDGEROW_DATA_DIR: dataDir,
    HEDGEROW_LOG_LEVEL: 'silent',
    HEDGEROW_INGESTION_WORKER: String(values.thread !== 'main' && !values.stages),
  });
  const boot = await runBootstrap(config, { email: 'bench@example.com', password: 'bench-password' });

  // 1. Capture into the spool while the event store is "down".
  const down = new FakeEventStore();
  down.failWith = new Error('down on purpose: spool only');
  const capturing = await createContainer(config, logger, { eventStore: down });
  const factory = new CaptureBodyFactory({ token: boot.project_api_key, batchSize: 50, users });
  const requests = Math.ceil(events / 50);
  let next = 0;
  const captureCpu = process.cpuUsage();
  const captureStart = performance.now();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < requests) {
        next += 1;
        await capturing.capture.capture({
          body: Buffer.from(factory.next()),
          query: {},
          contentType: 'application/json',
          contentEncoding: undefined,
          ip: '127.0.0.1',
          userAgent: 'posthog-node/5.7.0',
          engage: false,
          maxBytes: 100 * 1024 ** 2,
        });
      }
    }),
  );
  const captureWall = (performance.now() - captureStart) / 1000;
  const captureCpuS = cpuSeconds(captureCpu);
  const spooled = capturing.spool.unconsumedBytes;
  await capturing.close();
  const captured = requests * 50;
  log(
    `capture   ${captured} events, ${(spooled / 1024 ** 2).toFixed(1)} MiB spooled: ${captureWall.toFixed(1)} s, ` +
      `CPU ${captureCpuS.toFixed(1)} s = ${((captureCpuS * 1e6) / captured).toFixed(1)} µs/event`,
  );

  // 2. Ingest the whole spool.
  const store: EventStore =
    values.store === 'null' ? new NullEventStore() : createEventStore(config.eventStore);
  const ingestCpu = process.cpuUsage();
  const ingestStart = performance.now();
  const ingesting = await createContainer(config, logger, { eventStore: store });
  await ingesting.eventStoreReadiness.ready;
  await ingesting.ingestion.drained(30 * 60_000);
  const ingestWall = (performance.now() - ingestStart) / 1000;
  const ingestCpuS = cpuSeconds(ingestCpu);
  const stats = ingesting.ingestion.stats;
  log(
    `ingestion ${stats.ingested} events in ${stats.batches} batches (${values.store}): ${ingestWall.toFixed(1)} s = ` +
      `${Math.round(stats.ingested / ingestWall)} events/s, CPU ${ingestCpuS.toFixed(1)} s = ` +
      `${((ingestCpuS * 1e6) / Math.max(1, stats.ingested)).toFixed(1)} µs/event, ` +
      `RSS ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MiB`,
  );
  await ingesting.close();
  for (const [key, ms] of [...stageMs].sort((a, b) => b[1] - a[1])) {
    log(
      `  ${key.padEnd(40)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${((ms * 1000) / Math.max(1, stats.ingested)).toFixed(1).padStart(6)} µs/event`,
    );
  }
} finally {
  if (values.keep) log(`kept ${dataDir}`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
}
