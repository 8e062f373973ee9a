import { timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../features/auth/auth-service';
import type { PersonalApiKeyRepository } from '../features/personal-api-keys/personal-api-key-repository';
import type { UserRepository } from '../features/users/user-repository';
import { ApiError, authenticationFailed } from './api-error';
import { CSRF_HEADER, SESSION_COOKIE } from './cookies';
import { ANONYMOUS } from './request-actor';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves `request.actor` for /api routes from, in order: `Authorization: Bearer phx_…` (personal API
 * key), then the session cookie. Cookie-authenticated writes must echo the session's CSRF token in
 * `X-CSRFToken`; key-authenticated requests need no CSRF token because browsers never attach them on
 * their own. Deciding what the actor may do is the access policy's job, not this hook's.
 */
export function createAuthenticateRequest(deps: {
  auth: AuthService;
  personalApiKeys: PersonalApiKeyRepository;
  users: UserRepository;
}) {
  return async function authenticateRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    request.actor = ANONYMOUS;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      const token = match?.[1];
      if (!token) throw authenticationFailed('Authorization header must be "Bearer <personal API key>".');
      if (!token.startsWith('phx_')) {
        throw authenticationFailed(
          'Only personal API keys (phx_…) authenticate the API; project API keys (phc_…) are for capture and flags.',
        );
      }
      const key = await deps.personalApiKeys.findByValue(token);
      const user = key && (await deps.users.findById(key.user_id));
      if (!key || !user) throw authenticationFailed('Personal API key is invalid or has been deleted.');
      void deps.personalApiKeys.touch(key.id).catch(() => {});
      request.actor = { kind: 'user', user, credential: { kind: 'personal_api_key', key } };
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await deps.auth.resolveSession(cookie);
    if (!session) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    if (UNSAFE_METHODS.has(request.method) && !sameSecret(request.headers[CSRF_HEADER], session.csrfToken)) {
      throw new ApiError(
        403,
        'authentication_error',
        'csrf_failed',
        'CSRF token missing or incorrect: send the csrftoken cookie’s value in the X-CSRFToken header.',
      );
    }
    request.actor = {
      kind: 'user',
      user: session.user,
      credential: { kind: 'session', csrfToken: session.csrfToken },
    };
  };
}

/** Compares a sent token with the expected one in constant time, so timing reveals nothing of it. */
function sameSecret(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
