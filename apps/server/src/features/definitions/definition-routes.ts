import { eventDefinitionListQuerySchema, propertyDefinitionListQuerySchema } from '@hedgerow/schema';
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../http/api-error';
import { paginate } from '../../http/page-links';
import type { AccessPolicy } from '../../policy/access-policy';
import type { DefinitionRepository, EventDefinitionListOptions } from './definition-repository';

/**
 * Event properties ingestion records but PostHog's API never lists: they steer ingestion (`$set`,
 * groups) or are set inconsistently by libraries (`distinct_id`, posthog-js's old initial referrer).
 */
const HIDDEN_EVENT_PROPERTIES = [
  'distinct_id',
  '$set',
  '$set_once',
  '$initial_referrer',
  '$initial_referring_domain',
  '$groups',
  '$group_type',
  '$group_key',
  '$group_set',
  '$group_0',
  '$group_1',
  '$group_2',
  '$group_3',
  '$group_4',
];

const ORDERING_COLUMNS = new Set(['name', 'last_seen_at', 'created_at']);

/** PostHog's `?ordering=`: comma-separated fields, `-` for descending; unknown fields are ignored. */
function parseOrdering(ordering: string | undefined): EventDefinitionListOptions['ordering'] {
  return (ordering ?? '')
    .split(',')
    .map((f) => f.trim().replace(/::date$/, ''))
    .flatMap((f) => {
      const column = f.replace(/^-/, '');
      return ORDERING_COLUMNS.has(column)
        ? [{ column: column as 'name' | 'last_seen_at' | 'created_at', descending: f.startsWith('-') }]
        : [];
    });
}

/**
 * `/api/projects/:id/event_definitions/` and `/api/projects/:id/property_definitions/`: PostHog's
 * autocomplete lists of event names and property names (with their types), filled by ingestion.
 * Reading needs project membership (`project:read` for keys).
 */
export function registerDefinitionRoutes(
  app: FastifyInstance,
  deps: { policy: AccessPolicy; definitions: DefinitionRepository },
): void {
  const { policy, definitions } = deps;

  app.get<{ Params: { id: string } }>('/api/projects/:id/event_definitions/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const query = parseInput(eventDefinitionListQuerySchema, request.query);
    const page = await definitions.listEventDefinitions(project.id, {
      search: query.search,
      kind:
        query.event_type === 'event_custom'
          ? 'custom'
          : query.event_type === 'event_posthog'
            ? 'posthog'
            : undefined,
      ordering: parseOrdering(query.ordering),
      limit: query.limit,
      offset: query.offset,
    });
    return paginate(request, { limit: query.limit, offset: query.offset, ...page });
  });

  app.get<{ Params: { id: string } }>('/api/projects/:id/property_definitions/', async (request) => {
    const { project } = await policy.project(request.actor, request.params.id, { scope: 'project:read' });
    const query = parseInput(propertyDefinitionListQuerySchema, request.query);
    // Session properties are computed by PostHog's query layer, not recorded: Hedgerow has none yet.
    const page =
      query.type === 'session'
        ? { count: 0, results: [] }
        : await definitions.listPropertyDefinitions(project.id, {
            type: query.type,
            groupTypeIndex: query.group_type_index,
            search: query.search,
            eventNames: query.event_names,
            filterByEventNames: query.filter_by_event_names,
            isNumerical: query.is_numerical,
            names: query.properties?.split(',').filter((n) => n !== ''),
            excluded: [
              ...(query.excluded_properties ?? []),
              ...(query.type === 'event' ? HIDDEN_EVENT_PROPERTIES : []),
            ],
            limit: query.limit,
            offset: query.offset,
          });
    return paginate(request, { limit: query.limit, offset: query.offset, ...page });
  });
}
