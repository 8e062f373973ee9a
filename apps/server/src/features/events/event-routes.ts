import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EventStore } from '../../event-store/event-store';
import { isoFromClickhouseTime } from '../../event-store/iso-from-clickhouse-time';
import { notFound, parseInput } from '../../http/api-error';
import type { AccessPolicy } from '../../policy/access-policy';
import { eventListQuerySchema } from './event-list-query-schema';
import { presentEvent } from './event-presenter';
import { EventQueries } from './event-queries';

const eventParamsSchema = z.object({ id: z.string(), eventId: z.guid('Event ids are UUIDs.') });

/**
 * `/api/projects/:id/events/`: PostHog's legacy events list and event detail, read from the event
 * store. The list answers `{next, results}`; `next` continues after the page's last event (its
 * timestamp as `before`, its id as `before_uuid`), so following it never skips or repeats an event.
 */
export function registerEventRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; eventStore: EventStore },
): void {
  const { policy } = deps;
  // A stateless reader over the container's event store; nothing to share, so the routes own it.
  const events = new EventQueries(deps.eventStore);

  app.get<{ Params: { id: string } }>('/api/projects/:id/events/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const query = parseInput(eventListQuerySchema, request.query);
    const rows = await events.list(
      project.id,
      {
        after: query.after,
        before: query.before,
        beforeUuid: query.before_uuid,
        event: query.event,
        distinctId: query.distinct_id,
        personId: query.person_id,
        properties: query.properties ?? [],
      },
      // One more than asked tells whether another page exists without a trailing empty page.
      query.limit + 1,
    );
    const page = rows.slice(0, query.limit);
    const persons = await events.personsOf(
      project.id,
      page.map((r) => r.distinct_id),
    );
    const last = page.at(-1);
    let next: string | null = null;
    if (rows.length > query.limit && last) {
      const url = new URL(request.url, `${request.protocol}://${request.host}`);
      url.searchParams.set('before', isoFromClickhouseTime(last.timestamp));
      url.searchParams.set('before_uuid', last.id);
      next = url.toString();
    }
    return { next, results: page.map((r) => presentEvent(r, persons.get(r.distinct_id))) };
  });

  app.get<{ Params: { id: string; eventId: string } }>(
    '/api/projects/:id/events/:eventId/',
    async (request) => {
      const { project } = await policy.project(request.actor, request.params.id, {
        scope: 'project:read',
      });
      const { eventId } = parseInput(eventParamsSchema, request.params);
      const row = await events.find(project.id, eventId);
      if (!row) throw notFound(`No event with id ${eventId} in this project.`);
      const persons = await events.personsOf(project.id, [row.distinct_id]);
      return presentEvent(row, persons.get(row.distinct_id));
    },
  );
}
