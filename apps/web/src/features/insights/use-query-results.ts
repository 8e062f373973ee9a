import type { AnyQuery } from '@hedgerow/schema';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/api';
import { insightQueryKeys } from './insight-query-keys';
import type { QueryResponse } from './insight-results';

/** Runs a query through `POST /api/projects/:id/query/`. */
export function runQuery<R>(projectId: number, query: AnyQuery, signal?: AbortSignal, refresh = false) {
  return api.post<QueryResponse<R>>(
    `/api/projects/${projectId}/query/`,
    refresh ? { query, refresh: true } : { query },
    signal,
  );
}

/** An answer with the query it answers (while a new query runs, the previous pair stays shown). */
export interface AnsweredQuery<Q extends AnyQuery, R> {
  query: Q;
  response: QueryResponse<R>;
}

/**
 * The answer to `query`, cached per query; a changed query cancels the running one. While it runs,
 * the previous answer stays on screen (`isPlaceholderData`) with the query it answered, so charts
 * never draw one kind's answer with another kind's settings.
 */
export function useQueryResults<Q extends AnyQuery, R>(
  projectId: number,
  query: Q,
  options: { enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: insightQueryKeys.query(projectId, query),
    queryFn: async ({ signal }): Promise<AnsweredQuery<Q, R>> => ({
      query,
      response: await runQuery<R>(projectId, query, signal),
    }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}
