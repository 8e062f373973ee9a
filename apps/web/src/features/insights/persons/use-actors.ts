import type { ActorsQuery } from '@hedgerow/schema';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ActorsResponse } from '../insight-results';
import { runQuery } from '../use-query-results';

const PAGE = 100;

/** Pages of the actors an ActorsQuery lists (most events first), 100 at a time. */
export function useActors(projectId: number, source: ActorsQuery['source'] | null, search: string) {
  return useInfiniteQuery({
    queryKey: ['projects', projectId, 'actors', source, search],
    initialPageParam: 0,
    queryFn: async ({ pageParam, signal }) => {
      const query: ActorsQuery = {
        kind: 'ActorsQuery',
        ...(source ? { source } : {}),
        select: ['actor', 'event_count'],
        ...(search ? { search } : {}),
        limit: PAGE,
        offset: pageParam,
      };
      return (await runQuery<ActorsResponse['results']>(
        projectId,
        query,
        signal,
      )) as unknown as ActorsResponse;
    },
    getNextPageParam: (last) => (last.hasMore ? last.offset + last.limit : undefined),
    enabled: source !== null,
  });
}
