import type { FastifyReply, FastifyRequest } from 'fastify';

/** Browsers call capture cross-origin: mirror the origin and the requested headers, as PostHog does. */
export function applyCaptureCors(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  reply.header('access-control-allow-origin', origin ?? '*');
  if (origin) {
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'Origin');
  }
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  reply.header(
    'access-control-allow-headers',
    request.headers['access-control-request-headers'] ?? 'Content-Type, Content-Encoding',
  );
  reply.header('access-control-max-age', '86400');
}
