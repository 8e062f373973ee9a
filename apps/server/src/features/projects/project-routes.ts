import {
  createProjectRequestSchema,
  paginationQuerySchema,
  updateProjectRequestSchema,
} from '@hedgerow/schema';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseInput } from '../../http/api-error';
import { paginate } from '../../http/page-links';
import type { AccessPolicy } from '../../policy/access-policy';
import type { OrganizationRepository } from '../organizations/organization-repository';
import { presentProject } from './project-presenter';
import type { ProjectRepository } from './project-repository';
import type { ProjectService } from './project-service';

/**
 * `/api/projects/`: PostHog's project (team) endpoints. Reading needs membership; creating, changing
 * and deleting need an organization admin.
 */
export function registerProjectRoutes(
  app: FastifyInstance,
  deps: {
    policy: AccessPolicy;
    projects: ProjectRepository;
    projectService: ProjectService;
    organizations: OrganizationRepository;
  },
): void {
  const { policy, projects, projectService, organizations } = deps;

  app.get('/api/projects/', async (request) => {
    const actor = policy.authenticated(request.actor);
    policy.requireScope(actor, 'project:read');
    const page = parseInput(paginationQuerySchema, request.query);
    const orgIds = await policy.listableOrganizationIds(actor);
    const levels = new Map(
      (await organizations.listForUser(actor.user.id)).map((o) => [o.id, o.membership_level]),
    );
    const found = await projects.listForOrganizations(orgIds, page, policy.scopedProjectIds(actor));
    return paginate(request, {
      ...page,
      count: found.count,
      results: found.results.map((p) => presentProject(p, levels.get(p.organization_id) ?? 1)),
    });
  });

  // Creates a project in the user's current organization, or in the one named by the path.
  const create = async (request: FastifyRequest, reply: FastifyReply, orgRef: string) => {
    const actor = policy.authenticated(request.actor);
    const { organization, level } = await policy.organization(actor, orgRef, {
      scope: 'project:write',
      role: 'admin',
    });
    const body = parseInput(createProjectRequestSchema, request.body);
    const project = await projectService.create(organization.id, body);
    return reply.status(201).send(presentProject(project, level));
  };
  app.post('/api/projects/', (request, reply) => create(request, reply, '@current'));
  app.post<{ Params: { orgId: string } }>('/api/organizations/:orgId/projects/', (request, reply) =>
    create(request, reply, request.params.orgId),
  );

  app.get<{ Params: { id: string } }>('/api/projects/:id/', async (request) => {
    const { project, level } = await policy.project(request.actor, request.params.id, {
      scope: 'project:read',
    });
    return presentProject(project, level);
  });

  app.patch<{ Params: { id: string } }>('/api/projects/:id/', async (request) => {
    const { project, level } = await policy.project(request.actor, request.params.id, {
      scope: 'project:write',
      role: 'admin',
    });
    const body = parseInput(updateProjectRequestSchema, request.body);
    return presentProject(await projectService.update(project.id, body), level);
  });

  app.delete<{ Params: { id: string } }>('/api/projects/:id/', async (request, reply) => {
    const { project } = await policy.project(request.actor, request.params.id, {
      scope: 'project:write',
      role: 'admin',
    });
    await projectService.delete(project.id);
    return reply.status(204).send();
  });
}
