import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ChdbEventStore } from '../../apps/server/src/event-store/chdb-event-store';
import { formatClickhouseDateTime } from '../../apps/server/src/event-store/format-query-param';
import { migrateEventStore } from '../../apps/server/src/event-store/migrate-event-store';
import {
  type DatasetShape,
  type DistinctIdReadRow,
  type PersonReadRow,
  personProfile,
  personTimeline,
  type TimelineEvent,
} from './person-timeline';

/** Bump when the generator changes what it produces, so that cached datasets are not reused. */
const GENERATOR_VERSION = 1;
const CHUNK_EVENTS = 400_000;

export interface DatasetManifest {
  generatorVersion: number;
  shape: DatasetShape;
  events: number;
  persons: number;
  distinctIds: number;
  groups: number;
  /** Seconds spent generating and loading (when this run did it). */
  generateSeconds: number;
  loadedAt: string;
}

export interface LoadedDataset {
  store: ChdbEventStore;
  manifest: DatasetManifest;
  /** True when this run generated the data; false when the cached store was reused. */
  generated: boolean;
  directory: string;
}

/**
 * The benchmark's event store: generated from `shape` and loaded straight into chDB (events, the
 * persons and person_distinct_ids read models, groups), not through capture and ingestion, which
 * would take hours at 10M events on this machine and is measured by bench:ingest. The loaded store is
 * the cache: a second run with the same shape reopens it; `regenerate` starts over. A manifest is
 * written only once everything is loaded, so an interrupted load is never reused.
 */
export async function loadDataset(
  dataDir: string,
  shape: DatasetShape,
  options: { regenerate: boolean; log: (line: string) => void },
): Promise<LoadedDataset> {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ GENERATOR_VERSION, shape }))
    .digest('hex')
    .slice(0, 12);
  const directory = path.join(dataDir, `dataset-${fingerprint}`);
  const manifestPath = path.join(directory, 'manifest.json');
  if (options.regenerate || !fs.existsSync(manifestPath))
    fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  const store = ChdbEventStore.open({ path: path.join(directory, 'events'), database: 'hedgerow' });

  if (fs.existsSync(manifestPath)) {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as DatasetManifest;
    const counted = await store.query<{ n: number }>({ sql: 'SELECT count() AS n FROM hedgerow.events' });
    if (counted.rows[0]?.n !== manifest.events) {
      await store.close();
      throw new Error(`The cached dataset in ${directory} is incomplete; run again with --regenerate.`);
    }
    return { store, manifest, generated: false, directory };
  }

  const started = performance.now();
  await migrateEventStore(store);
  const budgets = eventBudgets(shape);
  const chunkFiles = [path.join(directory, 'chunk-a.tsv'), path.join(directory, 'chunk-b.tsv')];
  let lines: string[] = [];
  let pending: Promise<void> = Promise.resolve();
  let chunk = 0;
  let events = 0;
  const persons: PersonReadRow[] = [];
  const distinctIds: DistinctIdReadRow[] = [];
  const companies = new Set<string>();
  const flush = async () => {
    // Generation of the next chunk overlaps chDB's insert of this one (it runs on chDB's threads).
    const file = chunkFiles[chunk % 2] as string;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    await pending;
    fs.writeFileSync(file, text);
    pending = insertEventsFile(store, file);
    chunk++;
  };
  for (let i = 0; i < shape.persons; i++) {
    const timeline = personTimeline(shape, i, budgets[i] ?? 1);
    for (const e of timeline.events) lines.push(eventLine(e, shape.teamId, events++));
    persons.push(...timeline.persons);
    distinctIds.push(...timeline.distinctIds);
    if (timeline.company) companies.add(timeline.company);
    if (lines.length >= CHUNK_EVENTS) {
      await flush();
      options.log(`  generated ${(events / 1e6).toFixed(1)}M events (${i + 1} persons)`);
    }
  }
  if (lines.length > 0) await flush();
  await pending;
  for (const file of chunkFiles) fs.rmSync(file, { force: true });

  options.log('  loading the persons, person_distinct_ids and groups read models');
  for (let i = 0; i < persons.length; i += 50_000) {
    await store.insert(
      'persons',
      persons.slice(i, i + 50_000).map((p) => ({
        id: p.id,
        team_id: shape.teamId,
        properties: p.properties,
        is_identified: p.isIdentified ? 1 : 0,
        created_at: formatClickhouseDateTime(new Date(p.createdAtMs)),
        version: p.version,
        is_deleted: p.isDeleted ? 1 : 0,
      })),
    );
  }
  for (let i = 0; i < distinctIds.length; i += 50_000) {
    await store.insert(
      'person_distinct_ids',
      distinctIds.slice(i, i + 50_000).map((d) => ({
        team_id: shape.teamId,
        distinct_id: d.distinctId,
        person_id: d.personId,
        version: d.version,
        is_deleted: 0,
      })),
    );
  }
  const industries = ['software', 'retail', 'finance', 'health', 'education', 'media'];
  await store.insert(
    'groups',
    [...companies].sort().map((key, k) => ({
      team_id: shape.teamId,
      group_type_index: 0,
      group_key: key,
      group_properties: JSON.stringify({
        name: `Company ${key.slice(8)}`,
        industry: industries[k % industries.length],
        employees: 5 + ((k * 37) % 2000),
      }),
      created_at: formatClickhouseDateTime(new Date(shape.endMs - shape.days * 86_400_000)),
      version: 1,
    })),
  );
  // A store that has been running a while has merged its parts; so is this one before it is measured.
  options.log('  merging the events table (OPTIMIZE … FINAL)');
  await store.command({ sql: 'OPTIMIZE TABLE hedgerow.events FINAL' }, { timeoutMs: 3_600_000 });

  const manifest: DatasetManifest = {
    generatorVersion: GENERATOR_VERSION,
    shape,
    events,
    persons: livePersons(persons),
    distinctIds: new Set(distinctIds.map((d) => d.distinctId)).size,
    groups: companies.size,
    generateSeconds: (performance.now() - started) / 1000,
    loadedAt: new Date().toISOString(),
  };
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { store, manifest, generated: true, directory };
}

/** Persons whose latest version is not deleted (merged-away persons keep a deleted last version). */
function livePersons(rows: readonly PersonReadRow[]): number {
  const latest = new Map<string, PersonReadRow>();
  for (const p of rows) if ((latest.get(p.id)?.version ?? -1) < p.version) latest.set(p.id, p);
  return [...latest.values()].filter((p) => !p.isDeleted).length;
}

/** Each person's share of the events: in proportion to their activity over their active days. */
function eventBudgets(shape: DatasetShape): number[] {
  const weights = Array.from({ length: shape.persons }, (_, i) => personProfile(shape, i).weight);
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.max(1, Math.round((w * shape.events) / total)));
}

const EVENT_COLUMNS =
  "uuid UUID, team_id Int64, event String, distinct_id String, person_id UUID, timestamp DateTime64(6, 'UTC'), " +
  "properties String, elements_chain String, created_at DateTime64(6, 'UTC'), `$session_id` String, " +
  '`$window_id` String, `$group_0` String';

/** Loads one TSV chunk (a file in the dataset directory) into `events`; the file path is bound. */
function insertEventsFile(store: ChdbEventStore, file: string): Promise<void> {
  return store.command(
    {
      sql:
        'INSERT INTO hedgerow.events (uuid, team_id, event, distinct_id, person_id, timestamp, properties, ' +
        'elements_chain, created_at, `$session_id`, `$window_id`, `$group_0`) ' +
        "SELECT * FROM file({file:String}, 'TabSeparated', {columns:String})",
      params: { file, columns: EVENT_COLUMNS },
    },
    { timeoutMs: 3_600_000 },
  );
}

const dayText = new Map<number, string>();

/** One `events` row as TSV (values are ours: no tabs, newlines or backslashes to escape). */
function eventLine(e: TimelineEvent, teamId: number, n: number): string {
  const ts = formatMicros(e.tsUs);
  // Unique and deterministic: the event's number in generation order.
  const uuid = `0190a000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  return `${uuid}\t${teamId}\t${e.event}\t${e.distinctId}\t${e.personId}\t${ts}\t${e.properties}\t\t${ts}\t${e.sessionId}\t${e.windowId}\t${e.group0}`;
}

function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const day = Math.floor(ms / 86_400_000);
  let date = dayText.get(day);
  if (date === undefined) {
    date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayText.set(day, date);
  }
  const inDay = us - day * 86_400_000_000;
  const h = Math.floor(inDay / 3_600_000_000);
  const m = Math.floor((inDay % 3_600_000_000) / 60_000_000);
  const s = Math.floor((inDay % 60_000_000) / 1_000_000);
  const f = inDay % 1_000_000;
  return `${date} ${pad2(h)}:${pad2(m)}:${pad2(s)}.${String(f).padStart(6, '0')}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
