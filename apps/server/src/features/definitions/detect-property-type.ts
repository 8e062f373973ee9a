import type { PropertyValueType } from '@hedgerow/schema';

/** Name parts that make a date-like value a DateTime (PostHog's DATETIME_PROPERTY_NAME_KEYWORDS). */
const DATETIME_NAME_KEYWORDS = ['time', 'date', '_at', '-at', 'createdat', 'updatedat'];
const SIX_MONTHS_S = 15_768_000;

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const RFC2822 =
  /^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{2}:\d{2}(?::\d{2})?\s*(?:[+-]\d{4}|UT|GMT|[A-Z]{1,3})$/;
/** A date, optionally with a time, year first or last: PostHog's "strong indication of intent". */
const DATE_PREFIX =
  /^(([0-9]{4}[/-][0-2][0-9][/-][0-3][0-9])|([0-2][0-9][/-][0-3][0-9][/-][0-9]{4}))([ T][0-2][0-9]:[0-6][0-9]:[0-6][0-9].*)?$/;

function isLikelyDateString(s: string): boolean {
  return RFC3339.test(s) || RFC2822.test(s) || DATE_PREFIX.test(s);
}

/**
 * The type a property's first value suggests, with PostHog's rules (property-defs-rs
 * `detect_property_type`): UTM, feature flag and survey response properties are always strings; a
 * date-like string, or a recent unix timestamp in seconds under a time-like name, is a DateTime;
 * "true"/"false" strings and booleans are Boolean; numbers Numeric; other strings String; null,
 * lists and objects have no type yet. `nowMs` is the server's receive time, so replays agree.
 */
export function detectPropertyType(key: string, value: unknown, nowMs: number): PropertyValueType | null {
  const name = key.toLowerCase();
  if (name.startsWith('utm_') || name.startsWith('$initial_utm_')) return 'String';
  if (name.startsWith('$feature/') || name === '$feature_flag_response') return 'String';
  if (name.startsWith('$survey_response')) return 'String';

  const timeLikeName = DATETIME_NAME_KEYWORDS.some((k) => name.includes(k));
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === 'true' || s === 'false' || s === 'TRUE' || s === 'FALSE') return 'Boolean';
    return isLikelyDateString(s) ? 'DateTime' : 'String';
  }
  if (typeof value === 'number') {
    const recentSeconds = Number.isInteger(value) && value >= Math.floor(nowMs / 1000) - SIX_MONTHS_S;
    return timeLikeName && recentSeconds ? 'DateTime' : 'Numeric';
  }
  if (typeof value === 'boolean') return 'Boolean';
  return null;
}
