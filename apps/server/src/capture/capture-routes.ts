import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyCaptureCors } from './capture-cors';
import { CaptureError } from './capture-error';
import type { CaptureService } from './capture-service';

/** Every analytics capture path the SDKs use, with the body limit PostHog's capture applies. */
const CAPTURE_PATHS: { path: string; bodyLimit: number; maxBytes: number; engage?: boolean }[] = [
  { path: '/e', bodyLimit: 2 * 1024 ** 2, maxBytes: 20 * 1024 ** 2 },
  { path: '/i/v0/e', bodyLimit: 2 * 1024 ** 2, maxBytes: 20 * 1024 ** 2 },
  { path: '/capture', bodyLimit: 2 * 1024 ** 2, maxBytes: 20 * 1024 ** 2 },
  { path: '/track', bodyLimit: 2 * 1024 ** 2, maxBytes: 20 * 1024 ** 2 },
  { path: '/engage', bodyLimit: 2 * 1024 ** 2, maxBytes: 20 * 1024 ** 2, engage: true },
  { path: '/batch', bodyLimit: 20 * 1024 ** 2, maxBytes: 100 * 1024 ** 2 },
];

/**
 * The capture endpoints (`/e/`, `/i/v0/e/`, `/batch/`, `/capture/`, `/track/`, `/engage/`), for GET,
 * POST and OPTIONS, with and without the trailing slash. Bodies are read raw whatever their content
 * type, because posthog-js sends gzip as text/plain. Success is 200 `{"status":"Ok"}` (204 for
 * `beacon=1`), only after the events are durable in the spool.
 */
export async function registerCaptureRoutes(
  app: FastifyInstance,
  deps: { capture: CaptureService },
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((error, request, reply) => {
      applyCaptureCors(request, reply);
      if (error instanceof CaptureError) return reply.status(error.statusCode).send(error.toBody());
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) {
        return reply
          .status(413)
          .send({ status: 413, code: 'payload_too_large', error: 'The request body is too large.' });
      }
      if (typeof status === 'number' && status >= 400 && status < 500) {
        return reply
          .status(status)
          .send({ status, code: 'request_decoding_error', error: (error as Error).message });
      }
      request.log.error({ err: error }, 'capture failed');
      return reply
        .status(503)
        .send({ status: 503, code: 'service_unavailable', error: 'Capture is unavailable; retry.' });
    });

    for (const spec of CAPTURE_PATHS) {
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        applyCaptureCors(request, reply);
        const query = request.query as Record<string, string | undefined>;
        await deps.capture.capture({
          body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          query,
          contentType: request.headers['content-type'],
          contentEncoding: request.headers['content-encoding'],
          ip: request.ip ?? null,
          userAgent: request.headers['user-agent'] ?? null,
          engage: spec.engage === true,
          maxBytes: spec.maxBytes,
        });
        if (query.beacon === '1') return reply.status(204).send();
        return reply.status(200).send({ status: 'Ok' });
      };
      const options = (request: FastifyRequest, reply: FastifyReply) => {
        applyCaptureCors(request, reply);
        return reply.status(200).send({ status: 'Ok' });
      };
      scope.route({ method: ['GET', 'POST'], url: `${spec.path}/`, bodyLimit: spec.bodyLimit, handler });
      scope.route({ method: 'OPTIONS', url: `${spec.path}/`, handler: options });
    }
  });
}
