import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { CurrentUser } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';

/** The signed-in user with their current organization and project (`GET /api/users/@me/`). */
export function useCurrentUser({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => api.get<CurrentUser>('/api/users/@me/', signal),
    enabled,
  });
}
