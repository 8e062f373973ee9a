import { createPersonalApiKeyRequestSchema } from '@hedgerow/schema';
import type { FastifyInstance } from 'fastify';
import { notFound, parseInput } from '../../http/api-error';
import type { AccessPolicy } from '../../policy/access-policy';
import type { PersonalApiKey, PersonalApiKeyRepository } from './personal-api-key-repository';

function present(key: PersonalApiKey) {
  const { user_id: _, ...rest } = key;
  return rest;
}

/**
 * Personal API keys of the signed-in user, at PostHog's two paths. The key's value is returned once,
 * by the create call, and cannot be read again.
 */
export function registerPersonalApiKeyRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; personalApiKeys: PersonalApiKeyRepository },
): void {
  const { policy, personalApiKeys } = deps;
  for (const base of ['/api/users/@me/personal_api_keys', '/api/personal_api_keys']) {
    app.get(`${base}/`, async (request) => {
      const actor = policy.authenticated(request.actor);
      policy.requireScope(actor, 'personal_api_key:read');
      return (await personalApiKeys.listForUser(actor.user.id)).map(present);
    });

    app.post(`${base}/`, async (request, reply) => {
      const actor = policy.authenticated(request.actor);
      policy.requireScope(actor, 'personal_api_key:write');
      const body = parseInput(createPersonalApiKeyRequestSchema, request.body);
      for (const teamId of body.scoped_teams ?? []) {
        await policy.project(actor, teamId, { scope: 'personal_api_key:write' });
      }
      for (const orgId of body.scoped_organizations ?? []) {
        await policy.organization(actor, orgId, { scope: 'personal_api_key:write' });
      }
      const { key, value } = await personalApiKeys.create({
        userId: actor.user.id,
        label: body.label,
        scopes: body.scopes,
        scopedTeams: body.scoped_teams ?? null,
        scopedOrganizations: body.scoped_organizations ?? null,
      });
      return reply.status(201).send({ ...present(key), value });
    });

    app.delete<{ Params: { id: string } }>(`${base}/:id/`, async (request, reply) => {
      const actor = policy.authenticated(request.actor);
      policy.requireScope(actor, 'personal_api_key:write');
      if (!(await personalApiKeys.delete(actor.user.id, request.params.id)))
        throw notFound('Personal API key not found.');
      return reply.status(204).send();
    });
  }
}
