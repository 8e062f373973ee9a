import { uuidv5 } from '../ids/uuid';
import { AsyncMutex } from '../runtime/async-mutex';
import { type IdentityLink, replayIdentity } from './identity-replay';
import type { DistinctIdRecord, PersonRecord } from './person-records';
import type { PersonChanges, PersonRepository } from './person-repository';
import { applyOperations, joinState, operationsOf, type PropertyState } from './property-state';

export interface PersonEventInput {
  teamId: number;
  uuid: string;
  event: string;
  distinctId: string;
  /** Event time, epoch milliseconds. */
  timestamp: number;
  properties: Record<string, unknown>;
  processPerson: boolean;
}

export interface PersonWarning {
  teamId: number;
  type: string;
  details: Record<string, unknown>;
  timestamp: number;
}

export interface PersonProcessOptions {
  /**
   * The batch may have been processed before (a pending range replayed after a crash or a failure):
   * its changes may already be stored while the read-model rows made from them were lost, so the
   * result also lists the unchanged persons and ids the batch touches, as stored.
   */
  replay?: boolean;
}

export interface PersonBatchResult {
  /** The person of each input event, in input order. */
  personIds: string[];
  /**
   * Persons and distinct ids whose rows changed, with their new versions (for the read models); with
   * `replay`, also every other one the batch touches, at its stored version.
   */
  persons: PersonRecord[];
  distinctIds: DistinctIdRecord[];
  warnings: PersonWarning[];
}

/** The id of the person named after a distinct id (and of personless events' person). */
export function personIdFor(teamId: number, distinctId: string): string {
  return uuidv5(`${teamId}:${distinctId}`);
}

const LINK_EVENTS: Record<string, { kind: IdentityLink['kind']; property: string }> = {
  $identify: { kind: 'identify', property: '$anon_distinct_id' },
  $create_alias: { kind: 'alias', property: 'alias' },
  $merge_dangerously: { kind: 'merge_dangerously', property: 'alias' },
};

function linkOf(e: PersonEventInput): IdentityLink | null {
  const spec = LINK_EVENTS[e.event];
  if (!spec) return null;
  const other = e.properties[spec.property];
  if (typeof other !== 'string' && typeof other !== 'number') return null;
  return { uuid: e.uuid, ts: e.timestamp, kind: spec.kind, distinctId: e.distinctId, otherId: String(other) };
}

/**
 * Turns a batch of events into person changes, with the app store as source of truth:
 * every distinct id belongs to a person (created at its first event); `$set`/`$set_once`/`$unset`
 * are folded into the person's event-time property state; `$identify`, `$create_alias` and
 * `$merge_dangerously` are stored as identity links, and the persons of every id they touch are
 * re-derived by replaying all their links in event-time order. Re-processing a batch (after a crash)
 * changes nothing, and the same events in any order and any batching give the same persons.
 */
export class PersonProcessor {
  constructor(
    private readonly repository: PersonRepository,
    /** Shared with every other writer of persons, so that their read-modify-write cycles never interleave. */
    private readonly lock: AsyncMutex = new AsyncMutex(),
  ) {}

  process(
    events: readonly PersonEventInput[],
    options: PersonProcessOptions = {},
  ): Promise<PersonBatchResult> {
    return this.lock.run(() => this.#process(events, options.replay === true));
  }

  async #process(events: readonly PersonEventInput[], replay: boolean): Promise<PersonBatchResult> {
    const personIds = new Array<string>(events.length);
    const result: PersonBatchResult = { personIds, persons: [], distinctIds: [], warnings: [] };
    const byTeam = new Map<number, number[]>();
    events.forEach((e, i) => {
      const list = byTeam.get(e.teamId) ?? [];
      list.push(i);
      byTeam.set(e.teamId, list);
    });
    const changes: PersonChanges = { distinctIds: [], persons: [], links: [] };
    const unchanged: Pick<PersonChanges, 'distinctIds' | 'persons'> = { distinctIds: [], persons: [] };
    for (const [teamId, indexes] of byTeam) {
      const team = new TeamBatch(teamId, this.repository, replay);
      await team.run(indexes.map((i) => events[i] as PersonEventInput));
      indexes.forEach((i, k) => {
        personIds[i] = team.personIds[k] as string;
      });
      team.collect(changes, replay ? unchanged : null);
      result.warnings.push(...team.warnings);
    }
    await this.repository.save(changes);
    result.persons = [...changes.persons, ...unchanged.persons];
    result.distinctIds = [...changes.distinctIds, ...unchanged.distinctIds];
    return result;
  }
}

/** The working set of one team within one batch. */
class TeamBatch {
  readonly pdis = new Map<string, DistinctIdRecord>();
  readonly persons = new Map<string, PersonRecord>();
  readonly dirtyPdis = new Set<string>();
  readonly dirtyPersons = new Set<string>();
  readonly replayIds = new Set<string>();
  readonly newLinks = new Map<string, IdentityLink>();
  /** Persons read from the store (found or not): only these may be used, or a stored one would be overwritten. */
  readonly loadedPersons = new Set<string>();
  readonly warnings: PersonWarning[] = [];
  personIds: string[] = [];

  constructor(
    readonly teamId: number,
    private readonly repository: PersonRepository,
    /** Load every person of the batch's ids (see PersonProcessOptions.replay). */
    private readonly replaying: boolean,
  ) {}

  async run(events: readonly PersonEventInput[]): Promise<void> {
    const links = events.map((e) => (e.processPerson ? linkOf(e) : null));
    const operations = events.map((e) => (e.processPerson ? operationsOf(e.properties) : null));
    const ids = new Set<string>();
    events.forEach((e, i) => {
      ids.add(e.distinctId);
      const link = links[i];
      if (link) ids.add(link.otherId);
    });
    if (this.replaying) await this.load([...ids]);
    else await this.loadDistinctIds([...ids]);
    // Only the persons this batch can change: most events neither create their person, nor change its
    // properties or creation time, nor link it, and reading every person would be most of the work.
    const wanted = new Set<string>();
    const want = (id: string) => {
      const pdi = this.pdis.get(id);
      wanted.add(pdi && !pdi.isDeleted ? pdi.personId : personIdFor(this.teamId, id));
    };
    events.forEach((e, i) => {
      if (!e.processPerson) return;
      const pdi = this.pdis.get(e.distinctId);
      const link = links[i];
      if (
        !pdi ||
        pdi.isDeleted ||
        operations[i] ||
        link ||
        pdi.firstSeenMs === null ||
        e.timestamp < pdi.firstSeenMs
      ) {
        want(e.distinctId);
      }
      if (link) want(link.otherId);
    });
    await this.loadPersons(wanted);

    events.forEach((e, i) => {
      if (!e.processPerson) {
        const personModifying = LINK_EVENTS[e.event] !== undefined || operationsOf(e.properties) !== null;
        if (personModifying) {
          this.warnings.push({
            teamId: this.teamId,
            type: 'invalid_event_when_process_person_profile_is_false',
            details: { eventUuid: e.uuid, event: e.event, distinctId: e.distinctId },
            timestamp: e.timestamp,
          });
        }
        return;
      }
      const pdi = this.seen(e.distinctId, e.timestamp);
      const ops = operations[i];
      if (ops) this.applyOps(pdi, ops, { ts: e.timestamp, uuid: e.uuid });
      const link = links[i];
      if (link) {
        this.newLinks.set(link.uuid, link);
        this.markLinked(link.distinctId);
        this.markLinked(link.otherId);
      }
    });
    await this.replay();
    this.personIds = events.map((e) => {
      const pdi = this.pdis.get(e.distinctId);
      return pdi && !pdi.isDeleted ? pdi.personId : personIdFor(this.teamId, e.distinctId);
    });
  }

  /** Adds the batch's changes, and with `unchanged` every other loaded person and id as stored. */
  collect(changes: PersonChanges, unchanged: Pick<PersonChanges, 'distinctIds' | 'persons'> | null): void {
    if (unchanged) {
      for (const [id, pdi] of this.pdis) if (!this.dirtyPdis.has(id)) unchanged.distinctIds.push(pdi);
      for (const [id, person] of this.persons) if (!this.dirtyPersons.has(id)) unchanged.persons.push(person);
    }
    for (const id of this.dirtyPdis) {
      const pdi = this.pdis.get(id);
      if (!pdi) continue;
      pdi.version += 1;
      changes.distinctIds.push(pdi);
    }
    for (const id of this.dirtyPersons) {
      const person = this.persons.get(id);
      if (!person) continue;
      person.version += 1;
      changes.persons.push(person);
    }
    for (const link of this.newLinks.values()) changes.links.push({ teamId: this.teamId, link });
  }

  /** The ids' records, and every person they belong to or could be named after. */
  async load(ids: string[]): Promise<void> {
    await this.loadDistinctIds(ids);
    const personIds = new Set<string>();
    for (const id of ids) {
      const pdi = this.pdis.get(id);
      if (pdi) personIds.add(pdi.personId);
      personIds.add(personIdFor(this.teamId, id));
    }
    await this.loadPersons(personIds);
  }

  async loadDistinctIds(ids: string[]): Promise<void> {
    const missing = ids.filter((id) => !this.pdis.has(id));
    if (missing.length === 0) return;
    for (const p of await this.repository.loadDistinctIds(this.teamId, missing))
      this.pdis.set(p.distinctId, p);
  }

  async loadPersons(ids: Iterable<string>): Promise<void> {
    const missing: string[] = [];
    for (const id of ids) {
      if (this.loadedPersons.has(id)) continue;
      this.loadedPersons.add(id);
      missing.push(id);
    }
    if (missing.length === 0) return;
    for (const p of await this.repository.loadPersons(missing)) this.persons.set(p.id, p);
  }

  /** A loaded person (undefined: it does not exist); using one that was never loaded is a bug. */
  person(id: string): PersonRecord | undefined {
    if (!this.loadedPersons.has(id)) throw new Error(`persons: person ${id} was used before it was loaded`);
    return this.persons.get(id);
  }

  /** The id's record after an event at `ts`; creates the id and its person at its first event. */
  seen(id: string, ts: number): DistinctIdRecord {
    let pdi = this.pdis.get(id);
    if (!pdi || pdi.isDeleted) {
      const personId = personIdFor(this.teamId, id);
      // An id that a link of this batch already mentions keeps its own operations from the start.
      const linked = this.replayIds.has(id);
      pdi = {
        teamId: this.teamId,
        distinctId: id,
        personId,
        firstSeenMs: ts,
        hasLinks: linked,
        state: linked ? {} : null,
        version: pdi?.version ?? 0,
        isDeleted: false,
      };
      this.pdis.set(id, pdi);
      this.dirtyPdis.add(id);
      this.livePerson(personId, ts);
      return pdi;
    }
    if (pdi.firstSeenMs === null || ts < pdi.firstSeenMs) {
      pdi.firstSeenMs = ts;
      this.dirtyPdis.add(id);
      if (pdi.hasLinks) this.replayIds.add(id);
      else {
        const person = this.person(pdi.personId);
        if (person && ts < person.createdAtMs) {
          person.createdAtMs = ts;
          this.dirtyPersons.add(person.id);
        }
      }
    }
    return pdi;
  }

  /** The live person with this id, created (or revived from a tombstone) when needed. */
  livePerson(personId: string, createdAtMs: number): PersonRecord {
    let person = this.person(personId);
    if (!person || person.isDeleted) {
      person = {
        id: personId,
        teamId: this.teamId,
        createdAtMs,
        identified: false,
        state: {},
        version: person?.version ?? 0,
        isDeleted: false,
      };
      this.persons.set(personId, person);
      this.dirtyPersons.add(personId);
    }
    return person;
  }

  applyOps(
    pdi: DistinctIdRecord,
    ops: NonNullable<ReturnType<typeof operationsOf>>,
    stamp: { ts: number; uuid: string },
  ) {
    const person = this.livePerson(pdi.personId, stamp.ts);
    if (applyOperations(person.state, ops, stamp)) this.dirtyPersons.add(person.id);
    if (pdi.hasLinks) {
      pdi.state ??= {};
      if (applyOperations(pdi.state, ops, stamp)) this.dirtyPdis.add(pdi.distinctId);
    }
  }

  /** From now on the id's person may be re-derived by replay, so it keeps its own operations. */
  markLinked(id: string): void {
    const pdi = this.pdis.get(id);
    if (pdi && !pdi.isDeleted && !pdi.hasLinks) {
      // Until now the id was alone in its person, so the person's state is exactly its own.
      pdi.state = structuredClone(this.person(pdi.personId)?.state ?? {});
      pdi.hasLinks = true;
      this.dirtyPdis.add(id);
    }
    this.replayIds.add(id);
  }

  async replay(): Promise<void> {
    if (this.replayIds.size === 0) return;
    const links = new Map<string, IdentityLink>(this.newLinks);
    const closure = new Set<string>(this.replayIds);
    let frontier = [...closure];
    while (frontier.length > 0) {
      const touching = [
        ...(await this.repository.loadLinks(this.teamId, frontier)),
        ...[...this.newLinks.values()].filter(
          (l) => frontier.includes(l.distinctId) || frontier.includes(l.otherId),
        ),
      ];
      const next: string[] = [];
      for (const link of touching) {
        links.set(link.uuid, link);
        for (const id of [link.distinctId, link.otherId]) {
          if (!closure.has(id)) {
            closure.add(id);
            next.push(id);
          }
        }
      }
      frontier = next;
    }
    await this.load([...closure]);

    const firstSeen = (id: string) => {
      const pdi = this.pdis.get(id);
      return pdi && !pdi.isDeleted ? pdi.firstSeenMs : null;
    };
    const { persons, warnings } = replayIdentity(closure, [...links.values()], firstSeen);

    const before = new Set<string>();
    for (const id of closure) {
      const pdi = this.pdis.get(id);
      if (pdi && !pdi.isDeleted) before.add(pdi.personId);
    }
    const after = new Set<string>();
    for (const replayed of persons) {
      const personId = personIdFor(this.teamId, replayed.key);
      after.add(personId);
      const state: PropertyState = {};
      for (const id of replayed.ids) {
        let pdi = this.pdis.get(id);
        if (!pdi || pdi.isDeleted) {
          pdi = {
            teamId: this.teamId,
            distinctId: id,
            personId,
            firstSeenMs: null,
            hasLinks: true,
            state: {},
            version: pdi?.version ?? 0,
            isDeleted: false,
          };
          this.pdis.set(id, pdi);
          this.dirtyPdis.add(id);
        }
        if (pdi.personId !== personId || !pdi.hasLinks) {
          pdi.personId = personId;
          pdi.hasLinks = true;
          pdi.state ??= {};
          this.dirtyPdis.add(id);
        }
        joinState(state, pdi.state ?? {});
      }
      const person = this.livePerson(personId, replayed.createdAt);
      const changed =
        person.identified !== replayed.identified ||
        person.createdAtMs !== replayed.createdAt ||
        JSON.stringify(person.state) !== JSON.stringify(state);
      if (changed) {
        person.identified = replayed.identified;
        person.createdAtMs = replayed.createdAt;
        person.state = state;
        this.dirtyPersons.add(personId);
      }
    }
    for (const personId of before) {
      if (after.has(personId)) continue;
      const person = this.person(personId);
      if (person && !person.isDeleted) {
        person.isDeleted = true;
        person.state = {};
        this.dirtyPersons.add(personId);
      }
    }
    for (const w of warnings) {
      const link = this.newLinks.get(w.linkUuid);
      if (link)
        this.warnings.push({ teamId: this.teamId, type: w.type, details: w.details, timestamp: link.ts });
    }
    this.replayIds.clear();
  }
}
