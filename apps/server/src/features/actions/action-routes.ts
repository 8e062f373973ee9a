import {
  createActionRequestSchema,
  paginationQuerySchema,
  updateActionRequestSchema,
} from '@hedgerow/schema';
import type { FastifyInstance } from 'fastify';
import { notFound, parseInput } from '../../http/api-error';
import { paginate } from '../../http/page-links';
import type { AccessPolicy } from '../../policy/access-policy';
import { presentAction } from './action-presenter';
import type { ActionRepository } from './action-repository';
import type { ActionService } from './action-service';

type ActionParams = { Params: { id: string; action_id: string } };

/** An action id from the path; anything but a positive integer is a 404, like an unknown id. */
function actionId(ref: string): number {
  const id = /^\d{1,15}$/.test(ref) ? Number(ref) : Number.NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound('Action not found.');
  return id;
}

/**
 * `/api/projects/:id/actions/`: PostHog's actions. Reading needs project membership (`action:read` for
 * personal API keys), creating and changing `action:write`. Deleting marks the action deleted, whether
 * by PostHog's `PATCH {"deleted": true}` or by DELETE; the list leaves deleted actions out, reading
 * one by id still shows it.
 */
export function registerActionRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; actions: ActionRepository; actionService: ActionService },
): void {
  const { policy, actions, actionService } = deps;

  app.get<{ Params: { id: string } }>('/api/projects/:id/actions/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'action:read' });
    const page = parseInput(paginationQuerySchema, request.query);
    const found = await actions.list(project.id, page);
    return paginate(request, { ...page, count: found.count, results: found.results.map(presentAction) });
  });

  app.post<{ Params: { id: string } }>('/api/projects/:id/actions/', async (request, reply) => {
    const { project, actor } = await policy.project(request.actor, request.params.id, {
      scope: 'action:write',
    });
    const body = parseInput(createActionRequestSchema, request.body);
    const action = await actionService.create(project.id, body, actor.user.id);
    return reply.status(201).send(presentAction(action));
  });

  app.get<ActionParams>('/api/projects/:id/actions/:action_id/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'action:read' });
    const action = await actions.findById(project.id, actionId(request.params.action_id));
    if (!action) throw notFound('Action not found.');
    return presentAction(action);
  });

  app.patch<ActionParams>('/api/projects/:id/actions/:action_id/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'action:write' });
    const id = actionId(request.params.action_id);
    const body = parseInput(updateActionRequestSchema, request.body);
    return presentAction(await actionService.update(project.id, id, body));
  });

  app.delete<ActionParams>('/api/projects/:id/actions/:action_id/', async (request, reply) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'action:write' });
    await actionService.update(project.id, actionId(request.params.action_id), { deleted: true });
    return reply.status(204).send();
  });
}
