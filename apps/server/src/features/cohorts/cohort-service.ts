import type { ActorsQuery, CreateCohortRequest, UpdateCohortRequest } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { PersonRepository } from '../../persons/person-repository';
import { personIdsOf } from '../../query/actors/actor-ids';
import { cohortCriteria, criteriaLeaves } from '../../query/cohorts/cohort-criteria';
import { cohortMembers } from '../../query/cohorts/cohort-members';
import { countCohortMembers } from '../../query/cohorts/count-cohort-members';
import type { CohortDefinition, QueryDefinitions } from '../../query/definitions/query-definitions';
import type { QueryService } from '../../query/query-service';
import type { Logger } from '../../runtime/logger';
import type { Project } from '../projects/project-repository';
import type { Cohort, CohortFields, CohortRepository } from './cohort-repository';
import type { StaticCohortPeople } from './static-cohort-people';

/** Persons named in an upload: by person id, or by distinct id (resolved in the project). */
export interface PersonReferences {
  personIds: string[];
  distinctIds: string[];
}

/** Id of a cohort being created, while its criteria are checked (real ids start at 1). */
const NEW_COHORT = 0;

/**
 * Creating and changing cohorts. Dynamic cohorts are checked by building their membership query
 * before they are saved (unknown cohorts or actions, cycles, incomplete behavioral criteria are
 * 400s); static cohorts' persons go to the event store. After every change the member count is
 * recalculated in the background (`is_calculating` meanwhile).
 */
export class CohortService {
  readonly #calculating = new Set<number>();
  readonly #again = new Set<number>();
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      repository: CohortRepository;
      people: StaticCohortPeople;
      persons: PersonRepository;
      queryService: QueryService;
      logger: Logger;
    },
  ) {}

  isCalculating(cohortId: number): boolean {
    return this.#calculating.has(cohortId);
  }

  /** Resolves when no member count is being calculated (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async create(
    project: Project,
    createdBy: number | null,
    body: CreateCohortRequest,
    upload: PersonReferences | null,
  ): Promise<Cohort> {
    const isStatic = body.is_static === true;
    const fields: CohortFields = {
      name: body.name,
      description: body.description ?? '',
      filters: isStatic ? null : (body.filters ?? null),
      groups: isStatic ? null : (body.groups ?? null),
      isStatic,
      deleted: false,
    };
    if (!isStatic) await this.#checkCriteria(project, NEW_COHORT, fields);
    else if (body.filters || body.groups)
      throw invalidInput('A static cohort lists persons; it takes no filters or groups.', 'is_static');
    if (body.query && !isStatic)
      throw invalidInput('A cohort from an insight is a static cohort: send is_static=true.', 'query');
    const personIds = isStatic
      ? [
          ...(await this.#resolvePersons(project.id, body.person_ids ?? [], upload)),
          ...(body.query ? await this.#actorsOf(project, body.query) : []),
        ]
      : [];
    const cohort = await this.deps.repository.create(project.id, fields, createdBy);
    await this.deps.people.add(project.id, cohort.id, personIds);
    this.#changed(project, cohort.id);
    return cohort;
  }

  async update(
    project: Project,
    cohort: Cohort,
    body: UpdateCohortRequest,
    upload: PersonReferences | null,
  ): Promise<void> {
    if (body.is_static !== undefined && body.is_static !== cohort.isStatic)
      throw invalidInput('A cohort cannot change between static and dynamic; create a new one.', 'is_static');
    if (cohort.isStatic && (body.filters || body.groups))
      throw invalidInput('A static cohort lists persons; it takes no filters or groups.', 'filters');
    const criteriaChanged = body.filters !== undefined || body.groups !== undefined;
    const fields: CohortFields = {
      name: body.name ?? cohort.name,
      description: body.description ?? cohort.description,
      // New criteria replace both forms: `filters` wins over `groups`, as PostHog reads them.
      filters: criteriaChanged ? (body.filters ?? null) : cohort.filters,
      groups: criteriaChanged ? (body.groups ?? null) : cohort.groups,
      isStatic: cohort.isStatic,
      deleted: body.deleted ?? cohort.deleted,
    };
    if (fields.deleted && !cohort.deleted) await this.#checkUnused(project, cohort);
    if (!cohort.isStatic && criteriaChanged) await this.#checkCriteria(project, cohort.id, fields);
    const personIds = cohort.isStatic
      ? await this.#resolvePersons(project.id, body.person_ids ?? [], upload)
      : [];
    await this.deps.repository.update(project.id, cohort.id, fields);
    await this.deps.people.add(project.id, cohort.id, personIds);
    this.#changed(project, cohort.id);
  }

  async addPersons(project: Project, cohort: Cohort, personIds: string[]): Promise<void> {
    if (!cohort.isStatic) throw invalidInput('Only static cohorts list persons.', 'person_ids');
    await this.deps.people.add(
      project.id,
      cohort.id,
      await this.#resolvePersons(project.id, personIds, null),
    );
    this.#changed(project, cohort.id);
  }

  async removePerson(project: Project, cohort: Cohort, personId: string): Promise<void> {
    if (!cohort.isStatic) throw invalidInput('Only static cohorts list persons.', 'person_id');
    await this.deps.people.remove(project.id, cohort.id, [personId.toLowerCase()]);
    this.#changed(project, cohort.id);
  }

  /** Recounts the cohort's members in the background (coalescing changes made meanwhile). */
  recalculate(project: Project, cohortId: number): void {
    if (this.#calculating.has(cohortId)) {
      this.#again.add(cohortId);
      return;
    }
    this.#calculating.add(cohortId);
    const run = (async () => {
      try {
        do {
          this.#again.delete(cohortId);
          const count = await this.deps.queryService.evaluate(project, (ctx) =>
            countCohortMembers(cohortId, ctx),
          );
          await this.deps.repository.recordCount(project.id, cohortId, { count });
        } while (this.#again.has(cohortId));
      } catch (error) {
        this.deps.logger.warn({ err: error, cohortId }, 'counting the members of a cohort failed');
        await this.deps.repository.recordCount(project.id, cohortId, { failed: true }).catch(() => {});
      } finally {
        this.#calculating.delete(cohortId);
        this.#again.delete(cohortId);
      }
    })();
    this.#pending.add(run);
    void run.finally(() => this.#pending.delete(run));
  }

  /**
   * The persons behind an insight's data point (a funnel step, its drop-offs, a trends point, a
   * correlation row), read in the event store.
   */
  async #actorsOf(project: Project, query: ActorsQuery): Promise<string[]> {
    const source = query.source;
    if (!source) throw invalidInput('Say whose persons: the query needs a source.', 'query__source');
    return this.deps.queryService.evaluate(project, (ctx) => personIdsOf(source, ctx, 'query__source'));
  }

  /** Insights that use the cohort must be recomputed, and its count too. */
  #changed(project: Project, cohortId: number): void {
    this.deps.queryService.noteDataChanged(project.id);
    this.recalculate(project, cohortId);
  }

  /** Builds the membership query with the new criteria in place, so every mistake is a 400 now. */
  async #checkCriteria(project: Project, cohortId: number, fields: CohortFields): Promise<void> {
    const criteria = cohortCriteria(fields);
    if (!criteria || criteriaLeaves(criteria).length === 0)
      throw invalidInput(
        'A dynamic cohort needs criteria: filters.properties (or groups) with at least one condition.',
        'filters',
      );
    const stored = await this.deps.queryService.definitions(project.id);
    const candidate: CohortDefinition = { id: cohortId, name: fields.name, isStatic: false, criteria };
    const definitions: QueryDefinitions = {
      ...stored,
      cohorts: new Map(stored.cohorts).set(cohortId, candidate),
    };
    await this.deps.queryService.evaluate(
      project,
      async (ctx) => {
        cohortMembers(cohortId, ctx);
      },
      { definitions },
    );
  }

  /** A cohort other cohorts are built on cannot be deleted from under them. */
  async #checkUnused(project: Project, cohort: Cohort): Promise<void> {
    const { cohorts } = await this.deps.queryService.definitions(project.id);
    for (const other of cohorts.values()) {
      const uses = criteriaLeaves(other.criteria).some(
        (leaf) => leaf.type !== 'behavioral' && leaf.type !== 'person' && leaf.value === cohort.id,
      );
      if (uses && other.id !== cohort.id)
        throw invalidInput(
          `Cohort "${other.name}" (${other.id}) is built on this cohort; change or delete it first.`,
          'deleted',
        );
    }
  }

  /**
   * The persons to add: person ids must be persons of the project (a 400 names those that are not);
   * distinct ids from an upload that match nobody are skipped, as PostHog does.
   */
  async #resolvePersons(
    teamId: number,
    personIds: string[],
    upload: PersonReferences | null,
  ): Promise<string[]> {
    const wanted = [...personIds, ...(upload?.personIds ?? [])].map((id) => id.toLowerCase());
    const found = new Set(
      (await this.deps.persons.loadPersons(wanted))
        .filter((p) => p.teamId === teamId && !p.isDeleted)
        .map((p) => p.id),
    );
    const unknown = personIds.map((id) => id.toLowerCase()).filter((id) => !found.has(id));
    if (unknown.length > 0)
      throw invalidInput(
        `${unknown.length} of the person ids are not persons of this project (e.g. ${unknown[0]}).`,
        'person_ids',
      );
    const byDistinctId = upload?.distinctIds.length
      ? (await this.deps.persons.loadDistinctIds(teamId, upload.distinctIds))
          .filter((d) => !d.isDeleted)
          .map((d) => d.personId)
      : [];
    return [...new Set([...wanted.filter((id) => found.has(id)), ...byDistinctId])];
  }
}
