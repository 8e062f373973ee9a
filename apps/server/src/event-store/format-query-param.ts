import type { QueryParam } from './event-store';

/**
 * Normalizes a bound value so both transports send identical text: Dates become ClickHouse
 * `DateTime64(6)` literals in UTC; arrays are normalized element-wise.
 */
export function formatQueryParam(value: QueryParam): string | number | boolean | null | unknown[] {
  if (value instanceof Date) return formatClickhouseDateTime(value);
  if (Array.isArray(value)) return value.map((v: QueryParam) => formatQueryParam(v));
  return value as string | number | boolean | null;
}

/** `2024-01-31 23:59:59.123000`, the text form `DateTime64(6, 'UTC')` parses. */
export function formatClickhouseDateTime(date: Date): string {
  return `${date.toISOString().replace('T', ' ').replace('Z', '')}000`;
}

export function formatQueryParams(
  params: Record<string, QueryParam> | undefined,
): Record<string, ReturnType<typeof formatQueryParam>> {
  const out: Record<string, ReturnType<typeof formatQueryParam>> = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = formatQueryParam(v);
  return out;
}
