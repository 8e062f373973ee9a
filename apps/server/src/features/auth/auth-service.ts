import type { LoginRateLimiter } from '../../auth/login-rate-limiter';
import { unusablePasswordHash, verifyPassword } from '../../auth/password-hasher';
import { ApiError, throttled } from '../../http/api-error';
import type { User, UserRepository } from '../users/user-repository';
import type { SessionRepository } from './session-repository';

/** Email + password login, with rate limiting, and the sessions behind the session cookie. */
export class AuthService {
  constructor(
    private readonly deps: {
      users: UserRepository;
      sessions: SessionRepository;
      rateLimiter: LoginRateLimiter;
    },
  ) {}

  /** The user for these credentials, or a 400 (wrong credentials) / 429 (too many attempts). */
  async login(email: string, password: string, clientAddress: string): Promise<User> {
    const { users, rateLimiter } = this.deps;
    const wait = rateLimiter.retryAfterSeconds(email, clientAddress);
    if (wait > 0) {
      throw throttled(
        wait,
        `Too many failed login attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`,
      );
    }
    const user = await users.findByEmail(email);
    const hash = (user && (await users.passwordHashOf(user.id))) ?? (await unusablePasswordHash);
    const ok = await verifyPassword(password, hash);
    if (!user || !ok) {
      rateLimiter.recordFailure(email, clientAddress);
      throw new ApiError(400, 'validation_error', 'invalid_credentials', 'Invalid email or password.');
    }
    rateLimiter.recordSuccess(email);
    await users.touchLogin(user.id);
    return user;
  }

  startSession(userId: number) {
    return this.deps.sessions.create(userId);
  }

  /** The user and CSRF token of a live session, or undefined. */
  async resolveSession(token: string): Promise<{ user: User; csrfToken: string } | undefined> {
    const session = await this.deps.sessions.find(token);
    if (!session) return undefined;
    const user = await this.deps.users.findById(session.userId);
    return user && { user, csrfToken: session.csrfToken };
  }

  endSession(token: string): Promise<void> {
    return this.deps.sessions.delete(token);
  }
}
