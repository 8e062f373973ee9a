import { paginationQuerySchema } from '@hedgerow/schema';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EventStore } from '../../event-store/event-store';
import { parseInput } from '../../http/api-error';
import { paginate } from '../../http/page-links';
import type { AccessPolicy } from '../../policy/access-policy';
import { IngestionWarningQueries } from './ingestion-warning-queries';

const warningsQuerySchema = z.object({
  q: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(1000).optional()),
});

/**
 * `/api/projects/:id/ingestion_warnings/` (PostHog's: warnings of the last 30 days grouped by type)
 * and `/api/projects/:id/dead_letters/` (Hedgerow's: events ingestion refused, with the reason).
 */
export function registerIngestionWarningRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; eventStore: EventStore },
): void {
  const { policy } = deps;
  // A stateless reader over the container's event store; nothing to share, so the routes own it.
  const queries = new IngestionWarningQueries(deps.eventStore);

  app.get<{ Params: { id: string } }>('/api/projects/:id/ingestion_warnings/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const { q } = parseInput(warningsQuerySchema, request.query);
    return { results: await queries.summaries(project.id, q) };
  });

  app.get<{ Params: { id: string } }>('/api/projects/:id/dead_letters/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const page = parseInput(paginationQuerySchema, request.query);
    const found = await queries.deadLetters(project.id, page);
    return paginate(request, { ...page, ...found });
  });
}
