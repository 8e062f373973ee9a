const CASE_INSENSITIVE = new Set([
  'anonymous',
  'guest',
  'distinctid',
  'distinct_id',
  'id',
  'not_authenticated',
  'email',
  'undefined',
  'true',
  'false',
]);
const CASE_SENSITIVE = new Set(['[object Object]', 'NaN', 'None', 'none', 'null', '0', 'undefined']);

/**
 * Distinct ids PostHog refuses to merge on: placeholders that many users share by mistake
 * ("anonymous", "null", "0", …), also when wrapped in quotes.
 */
export function isIllegalDistinctId(id: string): boolean {
  const trimmed = id.trim();
  if (trimmed === '') return true;
  const unquoted = /^(['"])(.*)\1$/.exec(trimmed)?.[2] ?? trimmed;
  for (const candidate of [trimmed, unquoted]) {
    if (CASE_INSENSITIVE.has(candidate.toLowerCase()) || CASE_SENSITIVE.has(candidate)) return true;
  }
  return false;
}
