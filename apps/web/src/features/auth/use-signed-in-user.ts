import type { CurrentUser } from '../../api/api-types';
import { useCurrentUser } from './use-current-user';

/**
 * The signed-in user, for components rendered inside `RequireAuth`, which renders nothing until the
 * user is loaded.
 */
export function useSignedInUser(): CurrentUser {
  const { data } = useCurrentUser();
  if (!data) throw new Error('useSignedInUser() must be used inside <RequireAuth>.');
  return data;
}
