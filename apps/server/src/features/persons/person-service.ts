import { deleteEventStoreRows } from '../../event-store/delete-rows';
import type { EventStore } from '../../event-store/event-store';
import { invalidInput, notFound } from '../../http/api-error';
import { uuidv7 } from '../../ids/uuid';
import type { PersonEventInput } from '../../persons/person-processor';
import { distinctIdRow, personRow } from '../../persons/person-read-model';
import type { PersonRecord } from '../../persons/person-records';
import type { PersonRepository } from '../../persons/person-repository';
import type { PersonWrites } from '../../persons/person-writes';

export interface ImportedPerson {
  distinctIds: string[];
  properties: Record<string, unknown>;
  createdAt: number;
}

/**
 * Changes to persons made through the API rather than by events. They are made by ingestion's persons
 * writer (`writes`, on the ingestion worker thread), serialized with its batches, so the app store
 * stays the single, consistent source of truth; the read models in the event store are updated here
 * right away.
 */
export class PersonService {
  constructor(
    private readonly deps: {
      writes: PersonWrites;
      /** For reads only: every write goes through `writes`. */
      repository: PersonRepository;
      eventStore: EventStore;
      /** Told after a project's persons changed, so cached insight answers that read them go stale. */
      onDataChanged?: (teamId: number) => void;
    },
  ) {}

  /**
   * Imports a person without sending events: the first distinct id carries the properties (as a
   * `$set` at `createdAt`) and the others are joined to it as `$merge_dangerously` would. Refused if
   * any id already belongs to a person.
   */
  async importPerson(teamId: number, input: ImportedPerson): Promise<string> {
    const [first, ...others] = input.distinctIds;
    if (!first) throw invalidInput('Give at least one distinct id.', 'distinct_ids');
    const existing = await this.deps.repository.loadDistinctIds(teamId, input.distinctIds);
    const taken = existing.find((d) => !d.isDeleted);
    if (taken) {
      throw invalidInput(
        `The distinct id "${taken.distinctId}" already belongs to a person.`,
        'distinct_ids',
      );
    }
    const ts = input.createdAt;
    const events: PersonEventInput[] = [
      {
        teamId,
        uuid: uuidv7(ts),
        event: '$set',
        distinctId: first,
        timestamp: ts,
        properties: { $set: input.properties },
        processPerson: true,
      },
      ...others.map((other) => ({
        teamId,
        uuid: uuidv7(ts),
        event: '$merge_dangerously',
        distinctId: first,
        timestamp: ts,
        properties: { alias: other },
        processPerson: true,
      })),
    ];
    const result = await this.deps.writes.processEvents(events);
    await this.#writeReadModels(result.persons, result.distinctIds);
    this.deps.onDataChanged?.(teamId);
    return result.personIds[0] as string;
  }

  /**
   * Deletes a person (GDPR): its distinct ids and its links are forgotten, so a later event with one
   * of those ids starts a new person; with `deleteEvents` its events are deleted too.
   */
  async deletePerson(teamId: number, personId: string, options: { deleteEvents: boolean }): Promise<void> {
    const removed = await this.deps.writes.deletePerson(teamId, personId);
    if (!removed) throw notFound('Person not found.');
    await this.#writeReadModels([removed.tombstone], removed.distinctIds);
    if (options.deleteEvents && removed.distinctIds.length > 0) {
      await deleteEventStoreRows(
        this.deps.eventStore,
        'events',
        'team_id = {team:Int64} AND distinct_id IN {ids:Array(String)}',
        { team: teamId, ids: removed.distinctIds.map((d) => d.distinctId) },
      );
    }
    this.deps.onDataChanged?.(teamId);
  }

  async #writeReadModels(
    persons: PersonRecord[],
    distinctIds: Parameters<typeof distinctIdRow>[0][],
  ): Promise<void> {
    if (persons.length > 0) await this.deps.eventStore.insert('persons', persons.map(personRow));
    if (distinctIds.length > 0)
      await this.deps.eventStore.insert('person_distinct_ids', distinctIds.map(distinctIdRow));
  }
}
