import type { Kysely } from 'kysely';
import type { AppDatabase } from '../../app-store/app-database';
import { generateToken, hashToken } from '../../auth/secret-token';

export interface LoginSession {
  userId: number;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Login sessions behind the session cookie. The cookie holds a random token; the store keeps only its
 * sha256, so a leaked database cannot be replayed as cookies.
 */
export class SessionRepository {
  constructor(
    private readonly db: Kysely<AppDatabase>,
    private readonly lifetimeMs = 14 * 24 * 60 * 60 * 1000,
  ) {}

  /** Starts a session; returns the cookie token (shown once) and the session's CSRF token. */
  async create(userId: number): Promise<{ token: string; session: LoginSession }> {
    const token = generateToken('');
    const now = Date.now();
    const session = {
      userId,
      csrfToken: generateToken(''),
      expiresAt: new Date(now + this.lifetimeMs).toISOString(),
    };
    await this.db
      .insertInto('sessions')
      .values({
        id: hashToken(token),
        user_id: userId,
        csrf_token: session.csrfToken,
        created_at: new Date(now).toISOString(),
        expires_at: session.expiresAt,
      })
      .execute();
    return { token, session };
  }

  /** The live session for a cookie token, or undefined when unknown or expired. */
  async find(token: string): Promise<LoginSession | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .select(['user_id', 'csrf_token', 'expires_at'])
      .where('id', '=', hashToken(token))
      .executeTakeFirst();
    if (!row || row.expires_at <= new Date().toISOString()) return undefined;
    return { userId: row.user_id, csrfToken: row.csrf_token, expiresAt: row.expires_at };
  }

  async delete(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
  }

  async deleteExpired(): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).execute();
  }
}
