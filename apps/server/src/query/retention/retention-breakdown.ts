import type { RetentionQuery } from '@hedgerow/schema';
import { type BreakdownProperty, breakdownSpec } from '../breakdowns/breakdown-spec';

/** PostHog's label for the values past the breakdown limit (its retention runner uses trends' string). */
export const RETENTION_BREAKDOWN_OTHER = '$$_posthog_breakdown_other_$$';

/** A retention breakdown: one event, person or group property. A missing value breaks down as "". */
export interface RetentionBreakdown {
  property: BreakdownProperty;
  /** Values kept, ranked by total cohort size; the rest are merged into "Other". */
  limit: number;
}

/** The breakdown a retention query asks for, or null; other kinds are refused with a 400. */
export function retentionBreakdown(query: RetentionQuery): RetentionBreakdown | null {
  const spec = breakdownSpec(query.breakdownFilter, {
    multiple: false,
    cohorts: false,
    histogram: false,
    metadata: false,
  });
  if (spec?.kind !== 'properties') return null;
  const [property] = spec.properties;
  return property ? { property, limit: spec.limit } : null;
}
