import type { z } from 'zod';

/** PostHog's error classes: the `type` field of every error body. */
export type ApiErrorType =
  | 'validation_error'
  | 'authentication_error'
  | 'invalid_request'
  | 'throttled_error'
  | 'server_error';

/**
 * An error the API answers with, in PostHog's shape:
 * `{"type": "...", "code": "...", "detail": "human sentence", "attr": "field or null"}`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly statusCode: number,
    readonly type: ApiErrorType,
    readonly code: string,
    readonly detail: string,
    readonly attr: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toBody(): { type: ApiErrorType; code: string; detail: string; attr: string | null } {
    return { type: this.type, code: this.code, detail: this.detail, attr: this.attr };
  }
}

export const notAuthenticated = (detail = 'Authentication credentials were not provided.') =>
  new ApiError(401, 'authentication_error', 'not_authenticated', detail);

export const authenticationFailed = (detail: string) =>
  new ApiError(401, 'authentication_error', 'authentication_failed', detail);

export const permissionDenied = (detail = 'You do not have permission to perform this action.') =>
  new ApiError(403, 'authentication_error', 'permission_denied', detail);

export const notFound = (detail = 'Not found.') => new ApiError(404, 'invalid_request', 'not_found', detail);

export const invalidInput = (detail: string, attr: string | null = null) =>
  new ApiError(400, 'validation_error', 'invalid_input', detail, attr);

export const throttled = (retryAfterSeconds: number, detail: string) =>
  new ApiError(429, 'throttled_error', 'throttled', detail, null, {
    'retry-after': String(retryAfterSeconds),
  });

export const serviceUnavailable = (detail: string) =>
  new ApiError(503, 'server_error', 'service_unavailable', detail);

/**
 * Turns a zod failure into a 400 naming the first offending field (`attr`, dotted path) and saying
 * what is wrong with it; further problems are appended so a client sees them all.
 */
export function validationError(error: z.ZodError): ApiError {
  const issues = error.issues;
  const first = issues[0];
  const attr = first && first.path.length > 0 ? first.path.join('__') : null;
  const describe = (i: z.core.$ZodIssue) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message);
  const detail =
    issues.length <= 1 ? (first ? describe(first) : 'Invalid input.') : issues.map(describe).join('; ');
  return new ApiError(400, 'validation_error', first?.code ?? 'invalid_input', detail, attr);
}

/** Parses untrusted input with a zod schema, or throws the 400 that says what is wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw validationError(result.error);
  return result.data;
}
