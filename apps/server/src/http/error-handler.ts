import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { EventStoreError } from '../event-store/event-store-error';
import { ApiError, validationError } from './api-error';

/**
 * Every error leaves the API as PostHog-shaped JSON with the right status. Expected failures (ApiError,
 * validation) are answered as they are; framework errors keep their status with a clear message;
 * anything else is logged and answered with a 500 that reveals nothing internal.
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) {
    return reply.status(error.statusCode).headers(error.headers).send(error.toBody());
  }
  if (error instanceof ZodError) {
    const e = validationError(error);
    return reply.status(400).send(e.toBody());
  }
  if (error instanceof EventStoreError && (error.kind === 'unavailable' || error.kind === 'timeout')) {
    request.log.warn({ err: error }, 'event store unavailable');
    const detail =
      error.kind === 'timeout'
        ? 'The query took too long and was stopped.'
        : 'The event store is unavailable.';
    return reply
      .status(503)
      .send({ type: 'server_error', code: `event_store_${error.kind}`, detail, attr: null });
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code =
      fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'payload_too_large'
        : fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported_media_type'
          : 'invalid_request';
    const detail =
      code === 'invalid_request' && /JSON/i.test(fastifyError.message ?? '')
        ? `Malformed JSON in request body: ${fastifyError.message}`
        : (fastifyError.message ?? 'Invalid request.');
    return reply.status(status).send({ type: 'invalid_request', code, detail, attr: null });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply
    .status(500)
    .send({ type: 'server_error', code: 'error', detail: 'A server error occurred.', attr: null });
}
