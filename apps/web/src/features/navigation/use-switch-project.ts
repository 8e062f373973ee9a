import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import type { CurrentUser } from '../../api/api-types';
import { queryKeys } from '../../api/query-keys';

/**
 * Makes another project the user's current one (`PATCH /api/users/@me/ {set_current_team}`); pages
 * read the current project from the user, so they follow, and every other cached answer is refreshed.
 */
export function useSwitchProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (projectId: number) =>
      api.patch<CurrentUser>('/api/users/@me/', { set_current_team: projectId }),
    onSuccess: async (user) => {
      queryClient.setQueryData(queryKeys.me, user);
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.me[0] });
    },
  });
}
