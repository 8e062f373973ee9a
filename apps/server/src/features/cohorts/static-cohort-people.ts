import type { EventStore } from '../../event-store/event-store';

/**
 * Writes the persons of static cohorts to the event store's `cohort_people`, where queries read them.
 * Every change is a new row whose `version` orders it after earlier changes of the same process.
 */
export class StaticCohortPeople {
  #lastVersion = 0;

  constructor(private readonly eventStore: EventStore) {}

  async add(teamId: number, cohortId: number, personIds: readonly string[]): Promise<void> {
    await this.#write(teamId, cohortId, personIds, 0);
  }

  async remove(teamId: number, cohortId: number, personIds: readonly string[]): Promise<void> {
    await this.#write(teamId, cohortId, personIds, 1);
  }

  async #write(
    teamId: number,
    cohortId: number,
    personIds: readonly string[],
    isDeleted: 0 | 1,
  ): Promise<void> {
    if (personIds.length === 0) return;
    // Microseconds, strictly increasing even for changes within the same millisecond.
    this.#lastVersion = Math.max(this.#lastVersion + 1, Date.now() * 1000);
    const version = this.#lastVersion;
    const unique = [...new Set(personIds)];
    for (let i = 0; i < unique.length; i += 10_000) {
      await this.eventStore.insert(
        'cohort_people',
        unique.slice(i, i + 10_000).map((person_id) => ({
          team_id: teamId,
          cohort_id: cohortId,
          person_id,
          version,
          is_deleted: isDeleted,
        })),
      );
    }
  }
}
