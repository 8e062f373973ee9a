import type {
  ActionResponse,
  EventDefinitionResponse,
  Paginated,
  PropertyDefinitionResponse,
} from '@hedgerow/schema';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../api/api';
import { insightQueryKeys } from './insight-query-keys';

/**
 * The project's event names, actions, properties, cohorts and group types, for the pickers. Each list
 * is fetched once (up to 1,000 entries) and searched in the browser, so typing never waits on the
 * network.
 */
export function useEventDefinitions(projectId: number) {
  return useQuery({
    queryKey: insightQueryKeys.eventDefinitions(projectId),
    queryFn: ({ signal }) =>
      api.get<Paginated<EventDefinitionResponse>>(
        `/api/projects/${projectId}/event_definitions/?limit=1000&ordering=name`,
        signal,
      ),
    select: (page) => page.results.map((d) => d.name),
    staleTime: 60_000,
  });
}

export function useActions(projectId: number) {
  return useQuery({
    queryKey: insightQueryKeys.actions(projectId),
    queryFn: ({ signal }) =>
      api.get<Paginated<ActionResponse>>(`/api/projects/${projectId}/actions/?limit=1000`, signal),
    select: (page) => page.results,
    staleTime: 60_000,
  });
}

export type PropertyKind = 'event' | 'person' | 'group';

export function usePropertyDefinitions(
  projectId: number,
  type: PropertyKind,
  groupTypeIndex: number | null = null,
  enabled = true,
) {
  return useQuery({
    queryKey: insightQueryKeys.propertyDefinitions(projectId, type, groupTypeIndex),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ type, limit: '1000' });
      if (type === 'group' && groupTypeIndex !== null) params.set('group_type_index', String(groupTypeIndex));
      return api.get<Paginated<PropertyDefinitionResponse>>(
        `/api/projects/${projectId}/property_definitions/?${params}`,
        signal,
      );
    },
    select: (page) => page.results,
    staleTime: 60_000,
    enabled,
  });
}

export interface CohortSummary {
  id: number;
  name: string;
  is_static: boolean;
  count: number | null;
}

export function useCohorts(projectId: number) {
  return useQuery({
    queryKey: insightQueryKeys.cohorts(projectId),
    queryFn: ({ signal }) =>
      api.get<Paginated<CohortSummary>>(`/api/projects/${projectId}/cohorts/?limit=1000`, signal),
    select: (page) => page.results,
    staleTime: 60_000,
  });
}

export interface GroupType {
  group_type: string;
  group_type_index: number;
  name_singular: string | null;
  name_plural: string | null;
}

export function useGroupTypes(projectId: number) {
  return useQuery({
    queryKey: insightQueryKeys.groupTypes(projectId),
    queryFn: ({ signal }) => api.get<GroupType[]>(`/api/projects/${projectId}/groups_types/`, signal),
    staleTime: 5 * 60_000,
  });
}

/** Action names by id, for naming action series. */
export function useActionNames(projectId: number): Map<number, string> {
  const actions = useActions(projectId);
  return useMemo(() => new Map((actions.data ?? []).map((a) => [a.id, a.name])), [actions.data]);
}
