import type { PersonalApiKey } from '../features/personal-api-keys/personal-api-key-repository';
import type { User } from '../features/users/user-repository';

/** Who is making a request, resolved once per request by the authentication hook. */
export type Actor = AnonymousActor | UserActor;

export interface AnonymousActor {
  kind: 'anonymous';
}

export interface UserActor {
  kind: 'user';
  user: User;
  credential: { kind: 'session'; csrfToken: string } | { kind: 'personal_api_key'; key: PersonalApiKey };
}
