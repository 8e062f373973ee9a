import type { FunnelsQuery } from '@hedgerow/schema';
import { type BreakdownSpec, breakdownPropertyExpr, breakdownSpec } from '../breakdowns/breakdown-spec';
import { cohortById } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import type { EventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { fn, str } from '../sql/sql-builders';

/** PostHog's funnel label for the values past the breakdown limit. */
export const FUNNEL_BREAKDOWN_OTHER = 'Other';

/**
 * A funnel breakdown. Each actor is counted under a key: the value ("" when missing), several values
 * base64-encoded and comma-joined, or a cohort id ("all" for everyone).
 */
export interface FunnelBreakdown {
  spec: BreakdownSpec;
  limit: number;
  /** The key of an event without a value (attribution skips it). */
  emptyKey: string;
}

export function funnelBreakdown(query: FunnelsQuery): FunnelBreakdown | null {
  const spec = breakdownSpec(query.breakdownFilter, {
    multiple: true,
    cohorts: true,
    histogram: false,
    metadata: false,
  });
  if (!spec) return null;
  if (spec.kind === 'cohorts') return { spec, limit: Number.POSITIVE_INFINITY, emptyKey: '' };
  return { spec, limit: spec.limit, emptyKey: spec.properties.map(() => '').join(',') };
}

/** Each event's key (property breakdowns only). */
export function funnelBreakdownExpr(breakdown: FunnelBreakdown, source: EventsSource): Expr {
  if (breakdown.spec.kind !== 'properties') return str('');
  const values = breakdown.spec.properties.map((p) =>
    fn('ifNull', breakdownPropertyExpr(p, source), str('')),
  );
  if (values.length === 1) return values[0] as Expr;
  return fn('arrayStringConcat', fn('array', ...values.map((v) => fn('base64Encode', v))), str(','));
}

/** The key of a breakdown value as clients send it back (`funnelStepBreakdown`). */
export function funnelBreakdownKey(breakdown: FunnelBreakdown, value: unknown): string {
  const { spec } = breakdown;
  if (spec.kind === 'cohorts') return value === 'all' || value === 0 ? 'all' : String(value);
  const list = Array.isArray(value) ? value : [value];
  if (spec.properties.length === 1) return String(list[0] ?? '');
  return list.map((v) => Buffer.from(String(v ?? ''), 'utf8').toString('base64')).join(',');
}

/**
 * A key as PostHog's funnels answer it: event and person values as lists (`["Chrome"]`), group
 * values as plain strings; several properties as one list; cohorts with their name in `breakdown`
 * and their id in `breakdown_value` (0 for everyone).
 */
export function presentFunnelBreakdown(
  breakdown: FunnelBreakdown,
  key: string,
  ctx: QueryContext,
): { breakdown: unknown; breakdown_value: unknown } {
  const { spec } = breakdown;
  if (spec.kind === 'cohorts') {
    // PostHog's funnels answer everyone as cohort 0 (its ALL_USERS_COHORT_ID).
    if (key === 'all') return { breakdown: 'all users', breakdown_value: 0 };
    const id = Number(key);
    return { breakdown: cohortById(ctx.definitions, id, 'breakdownFilter').name, breakdown_value: id };
  }
  if (spec.properties.length > 1) {
    const values =
      key === FUNNEL_BREAKDOWN_OTHER
        ? spec.properties.map(() => FUNNEL_BREAKDOWN_OTHER)
        : key.split(',').map((part) => Buffer.from(part, 'base64').toString('utf8'));
    return { breakdown: values, breakdown_value: values };
  }
  const value = spec.properties[0]?.type === 'group' ? key : [key];
  return { breakdown: value, breakdown_value: value };
}
