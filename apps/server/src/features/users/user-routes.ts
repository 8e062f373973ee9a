import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { UserActor } from '../../auth/actor';
import { parseInput } from '../../http/api-error';
import type { AccessPolicy } from '../../policy/access-policy';
import { presentOrganizationSummary } from '../organizations/organization-presenter';
import type { OrganizationRepository } from '../organizations/organization-repository';
import { presentProject } from '../projects/project-presenter';
import type { UserRepository } from './user-repository';

const updateMeSchema = z.strictObject({
  first_name: z.string().trim().max(150).optional(),
  set_current_organization: z.string().optional(),
  set_current_team: z.union([z.number().int(), z.string()]).optional(),
});

/** `/api/users/@me/`: the signed-in user with their current organization and project (PostHog's shape). */
export function registerUserRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; users: UserRepository; organizations: OrganizationRepository },
): void {
  const { policy, users, organizations } = deps;

  const present = async (actor: UserActor) => {
    const orgs = await organizations.listForUser(actor.user.id);
    const current = await policy.project(actor, '@current', { scope: 'user:read' }).catch(() => null);
    const currentOrg =
      orgs.find((o) => o.id === (current?.project.organization_id ?? actor.user.current_organization_id)) ??
      orgs[0];
    return {
      id: actor.user.id,
      uuid: actor.user.uuid,
      distinct_id: actor.user.uuid,
      first_name: actor.user.first_name,
      last_name: '',
      email: actor.user.email,
      is_email_verified: true,
      has_password: true,
      date_joined: actor.user.created_at,
      last_login: actor.user.last_login_at,
      organization: currentOrg ? presentOrganizationSummary(currentOrg, currentOrg.membership_level) : null,
      team: current ? presentProject(current.project, current.level) : null,
      organizations: orgs.map((o) => presentOrganizationSummary(o, o.membership_level)),
    };
  };

  app.get('/api/users/@me/', async (request) => {
    const actor = policy.authenticated(request.actor);
    policy.requireScope(actor, 'user:read');
    return present(actor);
  });

  app.patch('/api/users/@me/', async (request) => {
    const actor = policy.authenticated(request.actor);
    policy.requireScope(actor, 'user:write');
    const body = parseInput(updateMeSchema, request.body);
    let { current_organization_id: orgId, current_project_id: projectId } = actor.user;
    if (body.set_current_organization !== undefined) {
      const { organization } = await policy.organization(actor, body.set_current_organization, {
        scope: 'organization:read',
      });
      orgId = organization.id;
      projectId = null;
    }
    if (body.set_current_team !== undefined) {
      const { project } = await policy.project(actor, body.set_current_team, { scope: 'project:read' });
      orgId = project.organization_id;
      projectId = project.id;
    }
    await users.setCurrent(actor.user.id, orgId, projectId);
    if (body.first_name !== undefined) await users.setFirstName(actor.user.id, body.first_name);
    const user = await users.findById(actor.user.id);
    return present({ ...actor, user: user ?? actor.user });
  });
}
