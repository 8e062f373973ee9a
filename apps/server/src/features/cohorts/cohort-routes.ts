import {
  addPersonsToStaticCohortSchema,
  createCohortRequestSchema,
  removePersonFromStaticCohortSchema,
  updateCohortRequestSchema,
} from '@hedgerow/schema';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { invalidInput, notFound, parseInput } from '../../http/api-error';
import { paginateWithoutCount } from '../../http/page-links';
import type { AccessPolicy } from '../../policy/access-policy';
import { runActorsQuery } from '../../query/actors/actors-runner';
import type { QueryService } from '../../query/query-service';
import { presentPerson } from '../persons/person-presenter';
import type { Project } from '../projects/project-repository';
import type { UserRepository } from '../users/user-repository';
import { presentCohort } from './cohort-presenter';
import type { Cohort, CohortRepository } from './cohort-repository';
import type { CohortService, PersonReferences } from './cohort-service';
import { parsePersonCsv } from './person-csv';

const listQuerySchema = z.object({
  search: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const UPLOAD_LIMIT = 50 * 1024 ** 2;

/**
 * A JSON body, or a multipart form as PostHog's app sends when uploading a CSV of persons: text
 * fields (`filters` and `groups` as JSON) and a `csv` file.
 */
async function readBody(
  request: FastifyRequest,
): Promise<{ body: unknown; upload: PersonReferences | null }> {
  if (!Buffer.isBuffer(request.body)) return { body: request.body, upload: null };
  let form: FormData;
  try {
    form = await new Request('http://form.invalid/', {
      method: 'POST',
      headers: { 'content-type': String(request.headers['content-type']) },
      body: request.body,
    }).formData();
  } catch {
    throw invalidInput('The multipart form could not be read.');
  }
  const body: Record<string, unknown> = {};
  let upload: PersonReferences | null = null;
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') {
      if (key === 'csv') upload = parsePersonCsv(await value.text());
      continue;
    }
    if (key === 'is_static' || key === 'deleted') body[key] = value === 'true' || value === '1';
    else if (key === 'filters' || key === 'groups') {
      try {
        body[key] = JSON.parse(value);
      } catch {
        throw invalidInput(`${key} must be JSON.`, key);
      }
    } else body[key] = value;
  }
  return { body, upload };
}

/**
 * `/api/projects/:id/cohorts/`, PostHog's cohorts API: list, create (JSON, or a form with a CSV of
 * persons for static cohorts), detail, update, delete; a cohort's persons; adding and removing persons
 * of static cohorts.
 */
export async function registerCohortRoutes(
  app: FastifyInstance,
  deps: {
    policy: AccessPolicy;
    cohortRepository: CohortRepository;
    cohortService: CohortService;
    queryService: QueryService;
    users: UserRepository;
  },
): Promise<void> {
  const { policy, cohortRepository: repository, cohortService: service, queryService, users } = deps;

  const present = async (cohort: Cohort) =>
    presentCohort(cohort, {
      createdBy: cohort.createdBy === null ? undefined : await users.findById(cohort.createdBy),
      isCalculating: service.isCalculating(cohort.id),
    });

  const load = async (project: Project, raw: string): Promise<Cohort> => {
    const id = Number(raw);
    const cohort = Number.isInteger(id) ? await repository.find(project.id, id) : undefined;
    if (!cohort || cohort.deleted) throw notFound('Cohort not found.');
    return cohort;
  };

  await app.register(async (scope) => {
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT },
      (_request, body, done) => done(null, body),
    );

    scope.get<{ Params: { id: string } }>('/api/projects/:id/cohorts/', async (request) => {
      const { project } = await policy.project(request.actor, request.params.id, { scope: 'cohort:read' });
      const query = parseInput(listQuerySchema, request.query);
      const rows = await repository.list(project.id, {
        limit: query.limit + 1,
        offset: query.offset,
        ...(query.search ? { search: query.search } : {}),
      });
      return paginateWithoutCount(request, {
        limit: query.limit,
        offset: query.offset,
        hasMore: rows.length > query.limit,
        results: await Promise.all(rows.slice(0, query.limit).map(present)),
      });
    });

    scope.post<{ Params: { id: string } }>(
      '/api/projects/:id/cohorts/',
      { bodyLimit: UPLOAD_LIMIT },
      async (request, reply) => {
        const { project, actor } = await policy.project(request.actor, request.params.id, {
          scope: 'cohort:write',
        });
        const { body, upload } = await readBody(request);
        const input = parseInput(createCohortRequestSchema, body);
        if (upload && input.is_static !== true)
          throw invalidInput('A CSV of persons makes a static cohort: send is_static=true.', 'is_static');
        const cohort = await service.create(project, actor.user.id, input, upload);
        return reply.status(201).send(await present(cohort));
      },
    );

    scope.get<{ Params: { id: string; cohortId: string } }>(
      '/api/projects/:id/cohorts/:cohortId/',
      async (request) => {
        const { project } = await policy.project(request.actor, request.params.id, { scope: 'cohort:read' });
        return present(await load(project, request.params.cohortId));
      },
    );

    scope.patch<{ Params: { id: string; cohortId: string } }>(
      '/api/projects/:id/cohorts/:cohortId/',
      { bodyLimit: UPLOAD_LIMIT },
      async (request) => {
        const { project } = await policy.project(request.actor, request.params.id, { scope: 'cohort:write' });
        const cohort = await load(project, request.params.cohortId);
        const { body, upload } = await readBody(request);
        await service.update(project, cohort, parseInput(updateCohortRequestSchema, body), upload);
        const updated = await repository.find(project.id, cohort.id);
        return present(updated ?? cohort);
      },
    );

    scope.delete<{ Params: { id: string; cohortId: string } }>(
      '/api/projects/:id/cohorts/:cohortId/',
      async (request, reply) => {
        const { project } = await policy.project(request.actor, request.params.id, { scope: 'cohort:write' });
        const cohort = await load(project, request.params.cohortId);
        await service.update(project, cohort, { deleted: true }, null);
        return reply.status(204).send();
      },
    );

    scope.get<{ Params: { id: string; cohortId: string } }>(
      '/api/projects/:id/cohorts/:cohortId/persons/',
      async (request) => {
        const { project } = await policy.project(request.actor, request.params.id, { scope: 'cohort:read' });
        const cohort = await load(project, request.params.cohortId);
        const query = parseInput(listQuerySchema, request.query);
        const page = await queryService.evaluate(project, (ctx) =>
          runActorsQuery(
            {
              kind: 'ActorsQuery',
              select: ['person'],
              properties: [{ type: 'cohort', key: 'id', value: cohort.id }],
              ...(query.search ? { search: query.search } : {}),
              limit: query.limit,
              offset: query.offset,
            },
            ctx,
          ),
        );
        return paginateWithoutCount(request, {
          limit: query.limit,
          offset: query.offset,
          hasMore: page.hasMore,
          results: page.results.map(([actor]) => {
            const person = actor as {
              id: string;
              properties: Record<string, unknown>;
              distinct_ids: string[];
              is_identified: boolean;
              created_at: string;
            };
            return presentPerson({
              id: person.id,
              properties: person.properties,
              distinctIds: person.distinct_ids,
              isIdentified: person.is_identified,
              createdAt: person.created_at,
            });
          }),
        });
      },
    );

    scope.patch<{ Params: { id: string; cohortId: string } }>(
      '/api/projects/:id/cohorts/:cohortId/add_persons_to_static_cohort/',
      async (request) => {
        const { project } = await policy.project(request.actor, request.params.id, { scope: 'cohort:write' });
        const cohort = await load(project, request.params.cohortId);
        const body = parseInput(addPersonsToStaticCohortSchema, request.body);
        await service.addPersons(project, cohort, body.person_ids);
        return { success: true };
      },
    );

    scope.patch<{ Params: { id: string; cohortId: string } }>(
      '/api/projects/:id/cohorts/:cohortId/remove_person_from_static_cohort/',
      async (request) => {
        const { project } = await policy.project(request.actor, request.params.id, { scope: 'cohort:write' });
        const cohort = await load(project, request.params.cohortId);
        const body = parseInput(removePersonFromStaticCohortSchema, request.body);
        await service.removePerson(project, cohort, body.person_id);
        return { success: true };
      },
    );
  });
}
