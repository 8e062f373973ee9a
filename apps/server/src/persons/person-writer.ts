import type { AsyncMutex } from '../runtime/async-mutex';
import type { PersonBatchResult, PersonEventInput, PersonProcessor } from './person-processor';
import type { PersonRecord } from './person-records';
import type { PersonRepository } from './person-repository';
import type { DeletedPerson, PersonWrites } from './person-writes';

/**
 * The persons API's writes where ingestion runs: through ingestion's persons processor, and under the
 * same lock as its batches, so their read-modify-write cycles never interleave.
 */
export class PersonWriter implements PersonWrites {
  constructor(
    private readonly deps: { processor: PersonProcessor; repository: PersonRepository; lock: AsyncMutex },
  ) {}

  processEvents(events: PersonEventInput[]): Promise<PersonBatchResult> {
    return this.deps.processor.process(events);
  }

  /**
   * GDPR: the person becomes a tombstone, its distinct ids are forgotten (a later event with one starts
   * a new person) and so are the links that mention them.
   */
  deletePerson(teamId: number, personId: string): Promise<DeletedPerson | null> {
    const { repository, lock } = this.deps;
    return lock.run(async () => {
      const [person] = await repository.loadPersons([personId]);
      if (!person || person.isDeleted || person.teamId !== teamId) return null;
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
  }
}
