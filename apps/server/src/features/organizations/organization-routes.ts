import { paginationQuerySchema } from '@hedgerow/schema';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppStore } from '../../app-store/app-store';
import { parseInput } from '../../http/api-error';
import { paginate } from '../../http/page-links';
import type { AccessPolicy } from '../../policy/access-policy';
import type { ProjectRepository } from '../projects/project-repository';
import type { UserRepository } from '../users/user-repository';
import { MembershipLevels } from './membership-level';
import { presentOrganization, presentOrganizationSummary } from './organization-presenter';
import type { OrganizationRepository } from './organization-repository';

const organizationBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'Name must not be empty.').max(64),
});

/** `/api/organizations/`: the user's organizations; `@current` is the one the user last switched to. */
export function registerOrganizationRoutes(
  app: FastifyInstance,
  deps: {
    policy: AccessPolicy;
    organizations: OrganizationRepository;
    projects: ProjectRepository;
    users: UserRepository;
    appStore: AppStore;
  },
): void {
  const { policy, organizations, projects, users, appStore } = deps;

  const detail = async (orgId: string, level: (typeof MembershipLevels)[keyof typeof MembershipLevels]) => {
    const org = await organizations.findById(orgId);
    if (!org) throw new Error(`Organization ${orgId} vanished`);
    const { results } = await projects.listForOrganizations([orgId], { limit: 1000, offset: 0 });
    return presentOrganization(org, level, results, await organizations.memberCount(orgId));
  };

  app.get('/api/organizations/', async (request) => {
    const actor = policy.authenticated(request.actor);
    policy.requireScope(actor, 'organization:read');
    const page = parseInput(paginationQuerySchema, request.query);
    const allowed = new Set(await policy.listableOrganizationIds(actor));
    const all = (await organizations.listForUser(actor.user.id)).filter((o) => allowed.has(o.id));
    return paginate(request, {
      ...page,
      count: all.length,
      results: all
        .slice(page.offset, page.offset + page.limit)
        .map((o) => presentOrganizationSummary(o, o.membership_level)),
    });
  });

  app.post('/api/organizations/', async (request, reply) => {
    const actor = policy.authenticated(request.actor);
    policy.requireScope(actor, 'organization:write');
    const body = parseInput(organizationBodySchema, request.body);
    const org = await appStore.db.transaction().execute(async (trx) => {
      const created = await organizations.withDb(trx).create(body.name);
      await organizations.withDb(trx).addMember(created.id, actor.user.id, MembershipLevels.owner);
      await users.withDb(trx).setCurrent(actor.user.id, created.id, null);
      return created;
    });
    return reply.status(201).send(await detail(org.id, MembershipLevels.owner));
  });

  app.get<{ Params: { id: string } }>('/api/organizations/:id/', async (request) => {
    const { organization, level } = await policy.organization(request.actor, request.params.id, {
      scope: 'organization:read',
    });
    return detail(organization.id, level);
  });

  app.patch<{ Params: { id: string } }>('/api/organizations/:id/', async (request) => {
    const { organization, level } = await policy.organization(request.actor, request.params.id, {
      scope: 'organization:write',
      role: 'admin',
    });
    const body = parseInput(organizationBodySchema.partial(), request.body);
    if (body.name !== undefined) {
      await appStore.db
        .updateTable('organizations')
        .set({ name: body.name, updated_at: new Date().toISOString() })
        .where('id', '=', organization.id)
        .execute();
    }
    return detail(organization.id, level);
  });
}
