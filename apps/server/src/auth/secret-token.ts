import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Prefixes that tell what a token is, as PostHog uses them: `phc_` public project key (SDK capture and
 * flags), `phs_` project secret (server-side flag definitions), `phx_` personal API key.
 */
export type TokenPrefix = 'phc_' | 'phs_' | 'phx_';

/** A random token: the prefix and 43 base62 characters (~256 bits). */
export function generateToken(prefix: TokenPrefix | ''): string {
  const bytes = randomBytes(43);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b % 62];
  return out;
}

/** How secrets are stored: sha256, hex. Tokens are random and long, so a slow hash adds nothing. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `phx_Ab…xyz9`: enough to recognise a key in a list, not enough to use it. */
export function maskToken(token: string): string {
  return `${token.slice(0, 6)}…${token.slice(-4)}`;
}
