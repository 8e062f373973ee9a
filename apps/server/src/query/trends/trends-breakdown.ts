import type { TrendsQuery } from '@hedgerow/schema';
import { type BreakdownSpec, breakdownPropertyExpr, breakdownSpec } from '../breakdowns/breakdown-spec';
import { cohortById } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import type { EventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { fn, str } from '../sql/sql-builders';

export const BREAKDOWN_NULL = '$$_posthog_breakdown_null_$$';
export const BREAKDOWN_OTHER = '$$_posthog_breakdown_other_$$';

/** A trends breakdown: by properties (one to three, or numeric bins of one) or by cohorts. */
export type Breakdown = BreakdownSpec;

/** The breakdown a trends query asks for, or null. */
export function normalizeBreakdown(query: TrendsQuery): Breakdown | null {
  return breakdownSpec(query.breakdownFilter, {
    multiple: true,
    cohorts: true,
    histogram: true,
    metadata: true,
  });
}

/** Whether the breakdown is by several properties, whose values are lists. */
function isMultiple(breakdown: Breakdown): boolean {
  return breakdown.kind === 'properties' && breakdown.properties.length > 1;
}

/**
 * Each event's breakdown key, a string: the value (PostHog's null sentinel when missing), or for
 * several properties the values base64-encoded and joined with commas (so that any value survives
 * the trip and keys compare exactly on both sides).
 */
export function breakdownExpr(breakdown: Breakdown & { kind: 'properties' }, source: EventsSource): Expr {
  const values = breakdown.properties.map((p) =>
    fn('ifNull', breakdownPropertyExpr(p, source), str(BREAKDOWN_NULL)),
  );
  if (values.length === 1) return values[0] as Expr;
  return fn('arrayStringConcat', fn('array', ...values.map((v) => fn('base64Encode', v))), str(','));
}

/** The key of a breakdown value as clients send it back (actors of a data point). */
export function breakdownKey(breakdown: Breakdown, value: unknown): string {
  if (breakdown.kind === 'cohorts') return value === 'all' || value === 0 ? 'all' : String(value);
  if (!isMultiple(breakdown)) return String(Array.isArray(value) ? value[0] : value);
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => Buffer.from(String(v), 'utf8').toString('base64')).join(',');
}

/** The key of the "Other" line. */
export function otherKey(breakdown: Breakdown): string {
  return breakdown.kind === 'properties' && breakdown.properties.length > 1
    ? breakdownKey(
        breakdown,
        breakdown.properties.map(() => BREAKDOWN_OTHER),
      )
    : BREAKDOWN_OTHER;
}

/**
 * A line's `breakdown_value` and label as PostHog answers them: the value itself; a list of values
 * labelled `a::b` for several properties; a cohort's id (or "all") labelled with its name.
 */
export function presentBreakdown(
  breakdown: Breakdown,
  key: string,
  ctx: QueryContext,
): { value: string | number | string[]; label: string } {
  if (breakdown.kind === 'cohorts') {
    if (key === 'all') return { value: 'all', label: 'all users' };
    const id = Number(key);
    return { value: id, label: cohortById(ctx.definitions, id, 'breakdownFilter').name };
  }
  if (!isMultiple(breakdown)) return { value: key, label: key };
  const values = key.split(',').map((part) => Buffer.from(part, 'base64').toString('utf8'));
  return { value: values, label: values.join('::') };
}
