/**
 * Why an event store call failed, independent of transport:
 * - `unavailable`: the store could not be reached or refused the connection,
 * - `authentication`: wrong user or password,
 * - `syntax`: the SQL did not parse,
 * - `unknown_object`: a table, column, database or function that does not exist,
 * - `timeout`: the statement ran past its limit or was cancelled,
 * - `query`: any other error the engine reported.
 */
export type EventStoreErrorKind =
  | 'unavailable'
  | 'authentication'
  | 'syntax'
  | 'unknown_object'
  | 'timeout'
  | 'query';

export class EventStoreError extends Error {
  override readonly name = 'EventStoreError';
  constructor(
    readonly kind: EventStoreErrorKind,
    message: string,
    /** ClickHouse's numeric error code when the engine reported one. */
    readonly clickhouseCode: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// ClickHouse error codes (src/Common/ErrorCodes.cpp) grouped by what a caller can do about them.
const SYNTAX_CODES = new Set([62]);
const UNKNOWN_CODES = new Set([16, 46, 47, 60, 81, 115]);
const TIMEOUT_CODES = new Set([159, 160, 209, 394]);
const AUTH_CODES = new Set([192, 193, 194, 516]);

/** Maps a ClickHouse error code (from either transport) to an error kind. */
export function kindForClickhouseCode(code: number | null): EventStoreErrorKind {
  if (code === null) return 'query';
  if (SYNTAX_CODES.has(code)) return 'syntax';
  if (UNKNOWN_CODES.has(code)) return 'unknown_object';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (AUTH_CODES.has(code)) return 'authentication';
  return 'query';
}

/** Extracts `Code: N.` from a ClickHouse error message, as both transports include it. */
export function clickhouseCodeFromMessage(message: string): number | null {
  const m = /Code:\s*(\d+)/.exec(message);
  return m?.[1] ? Number(m[1]) : null;
}
