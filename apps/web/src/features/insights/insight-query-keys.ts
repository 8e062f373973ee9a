import type { AnyQuery } from '@hedgerow/schema';

/** TanStack Query keys of the insight builder, under the project they read. */
export const insightQueryKeys = {
  query: (projectId: number, query: AnyQuery | Record<string, unknown>) =>
    ['projects', projectId, 'query', query] as const,
  eventDefinitions: (projectId: number) => ['projects', projectId, 'event-definitions'] as const,
  propertyDefinitions: (projectId: number, type: string, groupTypeIndex: number | null) =>
    ['projects', projectId, 'property-definitions', type, groupTypeIndex] as const,
  propertyValues: (projectId: number, type: string, key: string) =>
    ['projects', projectId, 'property-values', type, key] as const,
  actions: (projectId: number) => ['projects', projectId, 'actions'] as const,
  cohorts: (projectId: number) => ['projects', projectId, 'cohorts'] as const,
  groupTypes: (projectId: number) => ['projects', projectId, 'group-types'] as const,
};
