import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { type BenchOptions, parseBenchOptions } from './bench-options';
import { BenchServer, runHedgerow } from './bench-server';
import { CaptureBodyFactory } from './capture-body-factory';
import { RssSampler, readProcessCpuSeconds, readProcessMemory, resetPeakRss } from './process-stats';
import type { RawInsertInput, RawInsertResult } from './raw-insert-worker';
import { runWorker } from './run-worker';
import type { StoredEvents } from './stored-events-worker';
import { formatProfileSummary, summarizeCpuProfile } from './summarize-cpu-profile';

/**
 * `npm run bench:ingest`: capture → spool → pipeline (persons, groups) → chDB, end to end, on a fresh
 * data dir. A `hedgerow start` child process takes `POST /batch/` load from autocannon (in this
 * process); then the server is stopped, its event store is checked for every accepted event, and the
 * same kind of rows are inserted straight into a fresh chDB store for comparison.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const MIB = 1024 ** 2;

const TARGETS = {
  eventsPerSecond: 30_000,
  p99Ms: 100,
  rssBytes: 1024 ** 3,
  queryableMs: 5_000,
};

interface BenchFigures {
  options: BenchOptions;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    /** 1-minute load average before and after the load: other work on the machine skews the figures. */
    loadAverage: { before: number; after: number };
  };
  capture: {
    durationSeconds: number;
    requests2xx: number;
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodes: Record<string, number>;
    acceptedEvents: number;
    acceptedEventsPerSecond: number;
    /**
     * Stored events ÷ (load + time until queryable): what ingestion sustains. Capture can accept faster
     * for a while, by spooling a backlog, but not for longer than the spool's limit.
     */
    endToEndEventsPerSecond: number | null;
    latencyMs: { p50: number; p97_5: number; p99: number; max: number };
    peakBacklogBytes: number;
    queryableAfterMs: number | null;
    peakRssBytes: number;
    sampledPeakRssBytes: number;
    /** CPU the server used from the start of the load until everything was queryable (all threads). */
    serverCpuSeconds: number;
    /** The same per stored event: robust against other load on the machine, unlike events/s. */
    serverCpuMicrosPerEvent: number;
    /** CPU the load generator (this process) used during the load. */
    loadGeneratorCpuSeconds: number;
  };
  stored: StoredEvents & { allAcceptedPresent: boolean };
  rawInsert: RawInsertResult & { batchRows: number };
  captureToRawRatio: number;
  profile: string | null;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const log = (line = '') => process.stdout.write(`${line}\n`);

/** Builds the server bundle and the web app up front, so neither the profile nor the RSS includes a build. */
function buildOnce(): void {
  const script = `import(${JSON.stringify(path.join(REPO_ROOT, 'apps/server/scripts/build.mjs'))}).then(async (b) => { await b.ensureServerBuilt(); await b.ensureWebBuilt(); })`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the server failed');
}

async function waitUntilQueryable(server: BenchServer, timeoutMs: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await server.ingestion()).pending_bytes === 0) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

async function driveLoad(
  server: BenchServer,
  token: string,
  options: BenchOptions,
): Promise<{ result: autocannon.Result; peakBacklogBytes: number }> {
  const factory = new CaptureBodyFactory({ token, batchSize: options.batchSize, users: options.users });
  let peakBacklogBytes = 0;
  const backlogTimer = setInterval(() => {
    server.ingestion().then(
      (i) => {
        peakBacklogBytes = Math.max(peakBacklogBytes, i.pending_bytes);
      },
      () => {},
    );
  }, 1000);
  try {
    const result = await autocannon({
      url: server.url,
      connections: options.connections,
      duration: options.duration,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/batch/',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request) => ({ ...request, body: factory.next() }),
        },
      ],
    });
    return { result, peakBacklogBytes };
  } finally {
    clearInterval(backlogTimer);
  }
}

function statusCodes(result: autocannon.Result): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) out[code] = stat.count ?? 0;
  return out;
}

function printFigures(f: BenchFigures): void {
  const c = f.capture;
  const yes = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log();
  log(
    `Hedgerow ingestion benchmark: ${f.options.duration} s, ${f.options.connections} connections, ` +
      `${f.options.batchSize} events/request, ${fmt(f.options.users)} users`,
  );
  log(
    `machine: ${f.machine.cpus} CPUs (${f.machine.cpuModel}), ${f.machine.memoryGiB} GiB, Node ${f.machine.node}; ` +
      `load average ${f.machine.loadAverage.before.toFixed(2)} before, ${f.machine.loadAverage.after.toFixed(2)} at the end of the load`,
  );
  log();
  log('capture (POST /batch/, persons and groups processed, into chDB)');
  log(
    `  accepted events/s        ${fmt(c.acceptedEventsPerSecond)}   (${fmt(c.requests2xx)} 2xx × ${f.options.batchSize} / ${c.durationSeconds.toFixed(1)} s)`,
  );
  log(
    `  end to end (sustained)   ${c.endToEndEventsPerSecond === null ? 'not measured' : fmt(c.endToEndEventsPerSecond)}   (stored events ÷ (load + time until queryable))`,
  );
  log(
    `  latency p50/p97.5/p99    ${c.latencyMs.p50} / ${c.latencyMs.p97_5} / ${c.latencyMs.p99} ms   (max ${c.latencyMs.max} ms)`,
  );
  log(
    `  non-2xx responses        ${fmt(c.non2xx)}   (connection errors ${c.errors}, timeouts ${c.timeouts}; status codes ${JSON.stringify(c.statusCodes)})`,
  );
  log(
    `  queryable after load     ${c.queryableAfterMs === null ? 'not within the timeout' : `${fmt(c.queryableAfterMs)} ms`}   (peak backlog ${fmt(c.peakBacklogBytes / MIB, 1)} MiB)`,
  );
  log(
    `  server peak RSS          ${fmt(c.peakRssBytes / MIB)} MiB   (VmHWM during the run; largest 250 ms sample ${fmt(c.sampledPeakRssBytes / MIB)} MiB)`,
  );
  log(
    `  server CPU               ${c.serverCpuSeconds.toFixed(1)} s until queryable = ${fmt(c.serverCpuMicrosPerEvent)} µs per event   (load generator ${c.loadGeneratorCpuSeconds.toFixed(1)} s)`,
  );
  log(
    `  stored after stop        ${fmt(f.stored.rows)} rows, ${fmt(f.stored.distinctUuids)} distinct uuids; every accepted event stored: ${f.stored.allAcceptedPresent ? 'yes' : 'NO'}`,
  );
  log();
  log('raw chDB insert (same kind of rows, fresh store, nothing else running)');
  log(
    `  events/s                 ${fmt(f.rawInsert.eventsPerSecond)}   (${fmt(f.rawInsert.events)} events in ${f.rawInsert.batches} inserts of ${fmt(f.rawInsert.batchRows)} rows, ${f.rawInsert.seconds.toFixed(1)} s)`,
  );
  log(
    `  capture / raw insert     ${f.captureToRawRatio.toFixed(3)}   (end to end / raw insert ${c.endToEndEventsPerSecond === null ? '–' : (c.endToEndEventsPerSecond / f.rawInsert.eventsPerSecond).toFixed(3)})`,
  );
  log();
  log('targets');
  const sustained = Math.min(c.acceptedEventsPerSecond, c.endToEndEventsPerSecond ?? 0);
  log(
    `  ≥ ${fmt(TARGETS.eventsPerSecond)} events/s sustained    ${yes(sustained >= TARGETS.eventsPerSecond)}   (accepted and end to end)`,
  );
  log(`  p99 < ${TARGETS.p99Ms} ms                  ${yes(c.latencyMs.p99 < TARGETS.p99Ms)}`);
  log(`  RSS < 1 GiB                   ${yes(c.peakRssBytes < TARGETS.rssBytes)}`);
  log(
    `  queryable within 5 s          ${yes(c.queryableAfterMs !== null && c.queryableAfterMs <= TARGETS.queryableMs && f.stored.allAcceptedPresent)}`,
  );
  if (f.profile) {
    log();
    log(f.profile);
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-bench-ingest-'));
  const rawDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-bench-raw-'));
  const profileDir = path.join(dataDir, 'profiles');
  let server: BenchServer | null = null;
  try {
    log(`data dir ${dataDir}`);
    buildOnce();
    const boot = JSON.parse(
      await runHedgerow(
        ['bootstrap', '--email', 'bench@example.com', '--password', 'bench-password', '--json'],
        {
          HEDGEROW_DATA_DIR: dataDir,
        },
      ),
    ) as { project_api_key: string };

    server = await BenchServer.start({
      dataDir,
      nodeArgs: options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    });
    const pid = server.pid;
    resetPeakRss(pid);
    const rss = new RssSampler(pid);
    log(`server pid ${pid} at ${server.url}; ${options.duration} s of load…`);

    const loadBefore = os.loadavg()[0] ?? 0;
    const serverCpuBefore = readProcessCpuSeconds(pid) ?? 0;
    const clientCpuBefore = process.cpuUsage();
    const { result, peakBacklogBytes } = await driveLoad(server, boot.project_api_key, options);
    const clientCpu = process.cpuUsage(clientCpuBefore);
    const loadAfter = os.loadavg()[0] ?? 0;
    const queryableAfterMs = await waitUntilQueryable(server, 10 * 60_000);
    const serverCpuSeconds = (readProcessCpuSeconds(pid) ?? 0) - serverCpuBefore;
    const peakRssBytes = readProcessMemory(pid)?.peakRss ?? 0;
    const sampledPeakRssBytes = rss.stop();
    await server.stop();
    server = null;

    const acceptedEvents = result['2xx'] * options.batchSize;
    const stored = await runWorker<StoredEvents>('stored-events-worker.ts', { dataDir });
    const rawInput: RawInsertInput = {
      dataDir: rawDir,
      events: Math.max(options.rawBatchRows, Math.min(acceptedEvents, options.rawMaxEvents)),
      batchRows: options.rawBatchRows,
      users: options.users,
    };
    log('server stopped; raw chDB insert of the same kind of rows…');
    const raw = await runWorker<RawInsertResult>('raw-insert-worker.ts', rawInput);

    let profile: string | null = null;
    if (options.profile) {
      // One profile per thread: CPU.<date>.<time>.<pid>.<thread id>.<sequence>.cpuprofile, 0 the main
      // thread, then the ingestion worker.
      const files = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
      const summaries: string[] = [];
      for (const file of files.sort()) {
        const threadId = Number(file.split('.').at(-3));
        const kept = path.join(os.tmpdir(), `hedgerow-ingest-${Date.now()}-thread-${threadId}.cpuprofile`);
        fs.copyFileSync(path.join(profileDir, file), kept);
        const thread =
          threadId === 0 ? "the server's main thread" : `server thread ${threadId} (ingestion worker)`;
        summaries.push(
          `${formatProfileSummary(summarizeCpuProfile(kept), thread)}\n\nprofile saved as ${kept} (open in Chrome DevTools → Performance, or VS Code)`,
        );
      }
      profile = summaries.join('\n\n');
    }

    const durationSeconds = result.duration;
    const acceptedEventsPerSecond = acceptedEvents / durationSeconds;
    const figures: BenchFigures = {
      options,
      machine: {
        cpus: os.availableParallelism(),
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
        node: process.versions.node,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
      capture: {
        durationSeconds,
        requests2xx: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        statusCodes: statusCodes(result),
        acceptedEvents,
        acceptedEventsPerSecond,
        endToEndEventsPerSecond:
          queryableAfterMs === null
            ? null
            : stored.distinctUuids / (durationSeconds + queryableAfterMs / 1000),
        latencyMs: {
          p50: result.latency.p50,
          p97_5: result.latency.p97_5,
          p99: result.latency.p99,
          max: result.latency.max,
        },
        peakBacklogBytes,
        queryableAfterMs,
        peakRssBytes: Math.max(peakRssBytes, sampledPeakRssBytes),
        sampledPeakRssBytes,
        serverCpuSeconds,
        serverCpuMicrosPerEvent: (serverCpuSeconds * 1e6) / Math.max(1, stored.distinctUuids),
        loadGeneratorCpuSeconds: (clientCpu.user + clientCpu.system) / 1e6,
      },
      // Every uuid is unique, so all accepted events are present when at least that many distinct
      // uuids are stored (requests cut off at the end may have been stored without being counted).
      stored: {
        ...stored,
        allAcceptedPresent: stored.distinctUuids >= acceptedEvents && stored.rows === stored.distinctUuids,
      },
      rawInsert: { ...raw, batchRows: options.rawBatchRows },
      captureToRawRatio: acceptedEventsPerSecond / raw.eventsPerSecond,
      profile,
    };
    printFigures(figures);
    if (options.json) fs.writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    if (server) await server.stop();
    if (!options.keep) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(rawDir, { recursive: true, force: true });
    } else {
      log(`kept ${dataDir} and ${rawDir}`);
    }
  }
}

await main();
