import { deleteEventStoreRows } from '../../event-store/delete-rows';
import type { EventStore } from '../../event-store/event-store';
import { invalidInput, notFound } from '../../http/api-error';
import { uuidv7 } from '../../ids/uuid';
import type { PersonEventInput, PersonProcessor } from '../../persons/person-processor';
import { distinctIdRow, personRow } from '../../persons/person-read-model';
import type { PersonRecord } from '../../persons/person-records';
import type { PersonRepository } from '../../persons/person-repository';
import type { AsyncMutex } from '../../runtime/async-mutex';

export interface ImportedPerson {
  distinctIds: string[];
  properties: Record<string, unknown>;
  createdAt: number;
}

/**
 * Changes to persons made through the API rather than by events. They go through the same persons
 * processor and lock as ingestion, so the app store stays the single, consistent source of truth,
 * and they update the event store's read models right away.
 */
export class PersonService {
  constructor(
    private readonly deps: {
      processor: PersonProcessor;
      repository: PersonRepository;
      eventStore: EventStore;
      lock: AsyncMutex;
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
    const result = await this.deps.processor.process(events);
    await this.#writeReadModels(result.persons, result.distinctIds);
    return result.personIds[0] as string;
  }

  /**
   * Deletes a person (GDPR): its distinct ids and its links are forgotten, so a later event with one
   * of those ids starts a new person; with `deleteEvents` its events are deleted too.
   */
  async deletePerson(teamId: number, personId: string, options: { deleteEvents: boolean }): Promise<void> {
    const { repository, lock } = this.deps;
    const removed = await lock.run(async () => {
      const [person] = await repository.loadPersons([personId]);
      if (!person || person.isDeleted || person.teamId !== teamId) throw notFound('Person not found.');
      const distinctIds = await repository.distinctIdsOfPerson(teamId, personId);
      for (const d of distinctIds) {
        Object.assign(d, {
          isDeleted: true,
          hasLinks: false,
          state: null,
          firstSeenMs: null,
          version: d.version + 1,
        });
      }
      const tombstone: PersonRecord = { ...person, isDeleted: true, state: {}, version: person.version + 1 };
      await repository.deleteLinks(
        teamId,
        distinctIds.map((d) => d.distinctId),
      );
      await repository.save({ persons: [tombstone], distinctIds, links: [] });
      return { tombstone, distinctIds };
    });
    await this.#writeReadModels([removed.tombstone], removed.distinctIds);
    if (options.deleteEvents && removed.distinctIds.length > 0) {
      await deleteEventStoreRows(
        this.deps.eventStore,
        'events',
        'team_id = {team:Int64} AND distinct_id IN {ids:Array(String)}',
        { team: teamId, ids: removed.distinctIds.map((d) => d.distinctId) },
      );
    }
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
