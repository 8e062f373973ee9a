import type { Actor } from '../auth/actor';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; set by the authentication hook before any /api route runs. */
    actor: Actor;
  }
}

export const ANONYMOUS: Actor = { kind: 'anonymous' };
