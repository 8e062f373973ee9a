import { queryRequestSchema } from '@hedgerow/schema';
import type { FastifyInstance } from 'fastify';
import { notFound, parseInput } from '../../http/api-error';
import type { AccessPolicy } from '../../policy/access-policy';
import type { QueryService } from '../../query/query-service';

/**
 * PostHog's query API: `POST /api/projects/:id/query/` with `{query: {kind, …}, refresh?}`, and
 * `DELETE /api/projects/:id/query/:client_query_id/` to cancel a running query.
 */
export function registerQueryRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; queryService: QueryService },
): void {
  const { policy, queryService } = deps;

  app.post<{ Params: { id: string } }>('/api/projects/:id/query/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const body = parseInput(queryRequestSchema, request.body);
    const refresh = body.refresh === true || body.refresh === 'blocking' || body.refresh === 'force_blocking';
    return queryService.run(project, body.query, {
      refresh,
      ...(body.client_query_id ? { clientQueryId: body.client_query_id } : {}),
    });
  });

  app.delete<{ Params: { id: string; queryId: string } }>(
    '/api/projects/:id/query/:queryId/',
    async (request, reply) => {
      const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
      if (!queryService.cancel(project.id, request.params.queryId))
        throw notFound('No running query with this id.');
      return reply.status(204).send();
    },
  );
}
