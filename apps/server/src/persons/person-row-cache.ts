import type { PersonDistinctIdTable, PersonTable } from '../app-store/app-database';

/** A `persons` row as the processor reads it (the materialized `properties` are not needed). */
export type CachedPersonRow = Omit<PersonTable, 'properties'>;

interface Entry<T> {
  /** The row as stored, or null: known not to exist. */
  row: T | null;
  bytes: number;
}

/** Rough heap cost of an entry beyond its strings (map slot, objects, numbers). */
const ENTRY_OVERHEAD_BYTES = 200;

/**
 * An approximate LRU in O(1) per operation: entries live in a young and an old generation; a hit in
 * the old one moves the entry to the young one; when the young generation is full it becomes the old
 * one and the previous old one is dropped whole. (A Map used as an exact LRU must find its oldest key
 * on every eviction, which gets slow in V8 as deleted slots pile up at the front.)
 */
class GenerationalCache<T> {
  #young = new Map<string, Entry<T>>();
  #old = new Map<string, Entry<T>>();
  #youngBytes = 0;
  #oldBytes = 0;

  constructor(private readonly generationBytes: number) {}

  get(key: string): Entry<T> | undefined {
    const young = this.#young.get(key);
    if (young) return young;
    const old = this.#old.get(key);
    if (old) {
      this.#old.delete(key);
      this.#oldBytes -= old.bytes;
      this.#add(key, old);
    }
    return old;
  }

  set(key: string, entry: Entry<T>): void {
    const old = this.#old.get(key);
    if (old) {
      this.#old.delete(key);
      this.#oldBytes -= old.bytes;
    }
    const young = this.#young.get(key);
    if (young) {
      this.#young.delete(key);
      this.#youngBytes -= young.bytes;
    }
    this.#add(key, entry);
  }

  clear(): void {
    this.#young = new Map();
    this.#old = new Map();
    this.#youngBytes = 0;
    this.#oldBytes = 0;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.#young.size + this.#old.size, bytes: this.#youngBytes + this.#oldBytes };
  }

  #add(key: string, entry: Entry<T>): void {
    if (this.#youngBytes + entry.bytes > this.generationBytes) {
      this.#old = this.#young;
      this.#oldBytes = this.#youngBytes;
      this.#young = new Map();
      this.#youngBytes = 0;
    }
    this.#young.set(key, entry);
    this.#youngBytes += entry.bytes;
  }
}

/**
 * A bounded, approximately least-recently-used cache of the app store rows the persons processor
 * reads: distinct ids by (team, id) and persons by id, including "known absent". It holds rows exactly
 * as stored, so a hit gives the same record a read would. It is only correct while every write to
 * those rows goes through `PersonRepository.save` in this process, which updates it after its
 * transaction commits (rows that a project's deletion cascades away are left behind, but the pipeline
 * drops that project's events). Rows are never changed in place; callers get records built from them.
 */
export class PersonRowCache {
  readonly #distinctIds: GenerationalCache<PersonDistinctIdTable>;
  readonly #persons: GenerationalCache<CachedPersonRow>;

  /** @param maxBytes approximate memory budget of the whole cache; 0 disables it */
  constructor(readonly maxBytes: number) {
    // Each kind has two generations; persons (with their property state) get the larger share.
    this.#distinctIds = new GenerationalCache(maxBytes / 6);
    this.#persons = new GenerationalCache(maxBytes / 3);
  }

  /** The stored row, `null` if the id is known not to exist, `undefined` if unknown. */
  distinctId(teamId: number, distinctId: string): PersonDistinctIdTable | null | undefined {
    return this.#distinctIds.get(distinctIdKey(teamId, distinctId))?.row;
  }

  /** The stored row, `null` if the person is known not to exist, `undefined` if unknown. */
  person(id: string): CachedPersonRow | null | undefined {
    return this.#persons.get(id)?.row;
  }

  /** Remembers a distinct id's row as now stored, or null when it does not exist. */
  rememberDistinctId(teamId: number, distinctId: string, row: PersonDistinctIdTable | null): void {
    if (this.maxBytes <= 0) return;
    const key = distinctIdKey(teamId, distinctId);
    const chars = key.length + (row?.person_id.length ?? 0) + (row?.property_state?.length ?? 0);
    this.#distinctIds.set(key, { row, bytes: 2 * chars + ENTRY_OVERHEAD_BYTES });
  }

  /** Remembers a person's row as now stored, or null when it does not exist. */
  rememberPerson(id: string, row: CachedPersonRow | null): void {
    if (this.maxBytes <= 0) return;
    const chars = id.length + (row?.property_state.length ?? 0);
    this.#persons.set(id, { row, bytes: 2 * chars + ENTRY_OVERHEAD_BYTES });
  }

  clear(): void {
    this.#distinctIds.clear();
    this.#persons.clear();
  }

  get size(): { distinctIds: number; persons: number; bytes: number } {
    const d = this.#distinctIds.size;
    const p = this.#persons.size;
    return { distinctIds: d.entries, persons: p.entries, bytes: d.bytes + p.bytes };
  }
}

function distinctIdKey(teamId: number, distinctId: string): string {
  return `${teamId}\u0000${distinctId}`;
}
