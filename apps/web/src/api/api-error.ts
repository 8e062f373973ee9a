/**
 * A failed API call, carrying the server's PostHog-shaped error body: `detail` is a sentence to show
 * the user, `attr` names the offending field (or is null). `status` is 0 when the server could not be
 * reached at all.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly detail: string,
    readonly attr: string | null = null,
    readonly code: string | null = null,
    readonly type: string | null = null,
  ) {
    super(detail);
  }

  /** True when the request had no valid session (expired, logged out elsewhere). */
  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

/** Reads `{type, code, detail, attr}` from an error body, tolerating anything else (proxies, HTML pages). */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    const detail = str(b.detail);
    if (detail) return new ApiError(status, detail, str(b.attr), str(b.code), str(b.type));
  }
  return new ApiError(status, describeStatus(status));
}

function describeStatus(status: number): string {
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status === 502 || status === 503 || status === 504)
    return 'The Hedgerow server is unavailable right now. Try again shortly.';
  if (status >= 500) return `The server failed to answer (HTTP ${status}).`;
  return `The request failed (HTTP ${status}).`;
}
