import type { BreakdownValue } from '../insight-results';

export const BREAKDOWN_OTHER = '$$_posthog_breakdown_other_$$';
export const BREAKDOWN_NULL = '$$_posthog_breakdown_null_$$';

function one(value: string | number): string {
  if (value === BREAKDOWN_OTHER) return 'Other';
  if (value === BREAKDOWN_NULL || value === '') return '(none)';
  return String(value);
}

/** A breakdown value as people read it: "Other" and "(none)" for PostHog's markers, lists joined. */
export function breakdownLabel(value: BreakdownValue | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return Array.isArray(value) ? value.map(one).join(' · ') : one(value);
}
