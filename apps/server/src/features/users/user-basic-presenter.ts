import type { User } from './user-repository';

/** PostHog's `UserBasic`: who created or changed an object, as shown beside it. */
export function presentUserBasic(user: User | undefined | null) {
  if (!user) return null;
  return {
    id: user.id,
    uuid: user.uuid,
    distinct_id: user.uuid,
    first_name: user.first_name,
    last_name: '',
    email: user.email,
    is_email_verified: null,
  };
}
