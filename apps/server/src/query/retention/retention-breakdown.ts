import type { RetentionQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';

/** PostHog's label for the values past the breakdown limit (its retention runner uses trends' string). */
export const RETENTION_BREAKDOWN_OTHER = '$$_posthog_breakdown_other_$$';
const DEFAULT_BREAKDOWN_LIMIT = 25;

/** A retention breakdown, normalized from `breakdownFilter`. A missing value breaks down as "". */
export interface RetentionBreakdown {
  type: 'event' | 'person' | 'group';
  key: string;
  groupIndex: number | null;
  /** Values kept, ranked by total cohort size; the rest are merged into "Other". */
  limit: number;
}

/**
 * The breakdown a retention query asks for (the old single `breakdown` or the first of `breakdowns`),
 * or null. Kinds PostHog supports that we do not yet (cohorts, several breakdowns) are refused.
 */
export function retentionBreakdown(query: RetentionQuery): RetentionBreakdown | null {
  const f = query.breakdownFilter;
  if (!f) return null;
  const first = f.breakdowns?.[0];
  const raw = first ? first.property : f.breakdown;
  if (raw === undefined || raw === null || raw === '') return null;
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length !== 1 || (f.breakdowns?.length ?? 0) > 1) {
    throw invalidInput('Retention takes one breakdown so far.', 'breakdownFilter');
  }
  const type = (first?.type ?? f.breakdown_type ?? 'event') as string;
  if (type !== 'event' && type !== 'person' && type !== 'group') {
    throw invalidInput(`Retention breakdowns of type "${type}" are not supported yet.`, 'breakdownFilter');
  }
  const groupIndex = first?.group_type_index ?? f.breakdown_group_type_index ?? null;
  if (type === 'group' && groupIndex === null) {
    throw invalidInput('Group breakdowns need breakdown_group_type_index.', 'breakdownFilter');
  }
  return { type, key: String(list[0]), groupIndex, limit: f.breakdown_limit ?? DEFAULT_BREAKDOWN_LIMIT };
}
