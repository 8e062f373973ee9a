import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound, parseInput } from '../../http/api-error';
import { paginateWithoutCount } from '../../http/page-links';
import type { PersonRepository } from '../../persons/person-repository';
import { materialize } from '../../persons/property-state';
import type { AccessPolicy } from '../../policy/access-policy';
import { propertiesParamSchema } from '../events/event-property-filter';
import { clickhouseTimeToIso, presentPerson } from './person-presenter';
import type { PersonQueries } from './person-queries';
import type { PersonService } from './person-service';

const listQuerySchema = z.object({
  search: z.string().max(1000).optional(),
  distinct_id: z.string().max(200).optional(),
  // PostHog clients send `?properties=` empty when unset.
  properties: z.preprocess((v) => (v === '' ? undefined : v), propertiesParamSchema('person').optional()),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const importSchema = z.strictObject({
  distinct_ids: z
    .array(z.string().trim().min(1).max(200))
    .min(1, 'Give at least one distinct id.')
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, 'Distinct ids must be unique.'),
  properties: z.record(z.string(), z.unknown()).default({}),
  created_at: z.iso.datetime({ offset: true }).optional(),
});

const deleteQuerySchema = z.object({
  delete_events: z.enum(['true', 'false', '1', '0']).optional(),
});

const personIdSchema = z.uuid('Person ids are UUIDs.');

/**
 * `/api/projects/:id/persons/`: list and search (from the event store's read models), detail (from
 * the app store, always current), import without events, and GDPR deletion with or without events.
 */
export function registerPersonRoutes(
  app: FastifyInstance,
  deps: {
    policy: AccessPolicy;
    personQueries: PersonQueries;
    personRepository: PersonRepository;
    personService: PersonService;
  },
): void {
  const { policy, personQueries, personRepository, personService } = deps;

  const detail = async (teamId: number, personId: string) => {
    const [person] = await personRepository.loadPersons([personId]);
    if (!person || person.isDeleted || person.teamId !== teamId) throw notFound('Person not found.');
    const ids = await personRepository.distinctIdsOfPerson(teamId, personId);
    return presentPerson({
      id: person.id,
      properties: materialize(person.state),
      distinctIds: ids.map((d) => d.distinctId).sort(),
      isIdentified: person.identified,
      createdAt: new Date(person.createdAtMs).toISOString(),
    });
  };

  app.get<{ Params: { id: string } }>('/api/projects/:id/persons/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const query = parseInput(listQuerySchema, request.query);
    const rows = await personQueries.list(
      project.id,
      {
        ...(query.search ? { search: query.search } : {}),
        ...(query.distinct_id !== undefined ? { distinctId: query.distinct_id } : {}),
        ...(query.properties ? { properties: query.properties } : {}),
      },
      { limit: query.limit + 1, offset: query.offset },
    );
    const page = rows.slice(0, query.limit);
    const ids = await personQueries.distinctIdsOf(
      project.id,
      page.map((r) => r.id),
    );
    return paginateWithoutCount(request, {
      limit: query.limit,
      offset: query.offset,
      hasMore: rows.length > query.limit,
      results: page.map((r) =>
        presentPerson({
          id: r.id,
          properties: JSON.parse(r.properties) as Record<string, unknown>,
          distinctIds: ids.get(r.id) ?? [],
          isIdentified: r.is_identified === 1,
          createdAt: clickhouseTimeToIso(r.created_at),
        }),
      ),
    });
  });

  app.get<{ Params: { id: string; personId: string } }>(
    '/api/projects/:id/persons/:personId/',
    async (request) => {
      const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
      const personId = personIdSchema.safeParse(request.params.personId);
      if (!personId.success) throw notFound('Person not found.');
      return detail(project.id, personId.data.toLowerCase());
    },
  );

  app.post<{ Params: { id: string } }>('/api/projects/:id/persons/', async (request, reply) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:write' });
    const body = parseInput(importSchema, request.body);
    const personId = await personService.importPerson(project.id, {
      distinctIds: body.distinct_ids,
      properties: body.properties,
      createdAt: body.created_at ? Date.parse(body.created_at) : Date.now(),
    });
    return reply.status(201).send(await detail(project.id, personId));
  });

  app.delete<{ Params: { id: string; personId: string } }>(
    '/api/projects/:id/persons/:personId/',
    async (request, reply) => {
      const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:write' });
      const personId = personIdSchema.safeParse(request.params.personId);
      if (!personId.success) throw notFound('Person not found.');
      const { delete_events } = parseInput(deleteQuerySchema, request.query);
      await personService.deletePerson(project.id, personId.data.toLowerCase(), {
        deleteEvents: delete_events === 'true' || delete_events === '1',
      });
      return reply.status(204).send();
    },
  );
}
