import { useQuery } from '@tanstack/react-query';
import { insightQueryKeys } from './insight-query-keys';
import { runQuery } from './use-query-results';

/** A property read in EventsQuery's expression subset: `properties['key']` with the key escaped. */
export function propertyExpression(type: 'event' | 'person', key: string): string {
  const quoted = `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return type === 'person' ? `person.properties[${quoted}]` : `properties[${quoted}]`;
}

/**
 * The most frequent values of an event or person property over the last 30 days' events, for
 * autocomplete. The API has no values endpoint, so this asks the query API (an `EventsQuery` grouped
 * by the property).
 */
export function usePropertyValues(projectId: number, type: string, key: string | null) {
  const supported = (type === 'event' || type === 'person') && !!key;
  return useQuery({
    queryKey: insightQueryKeys.propertyValues(projectId, type, key ?? ''),
    queryFn: async ({ signal }) => {
      const expr = propertyExpression(type as 'event' | 'person', key ?? '');
      const response = await runQuery<[unknown, number][]>(
        projectId,
        {
          kind: 'EventsQuery',
          select: [expr, 'count()'],
          where: [`${expr} IS NOT NULL`],
          orderBy: ['count() DESC'],
          after: '-30d',
          limit: 50,
        },
        signal,
      );
      return response.results
        .map(([value]) => (value === null || value === undefined ? '' : String(value)))
        .filter((v) => v !== '');
    },
    enabled: supported,
    staleTime: 60_000,
  });
}
