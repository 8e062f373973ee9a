import type { TrendsQuery } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import { propertyString } from '../filters/property-access';
import type { EventsSource } from '../sources/events-source';
import type { Expr } from '../sql/sql-ast';
import { fn, op, str } from '../sql/sql-builders';

export const BREAKDOWN_NULL = '$$_posthog_breakdown_null_$$';
export const BREAKDOWN_OTHER = '$$_posthog_breakdown_other_$$';
const DEFAULT_BREAKDOWN_LIMIT = 25;

/** A trends breakdown, normalized from `breakdownFilter` (one breakdown for now). */
export interface Breakdown {
  type: 'event' | 'person' | 'group' | 'event_metadata';
  key: string;
  groupIndex: number | null;
  normalizeUrl: boolean;
  limit: number;
  hideOther: boolean;
}

/** The breakdown a query asks for, or null; refuses kinds not supported yet. */
export function normalizeBreakdown(query: TrendsQuery): Breakdown | null {
  const f = query.breakdownFilter;
  if (!f) return null;
  const first = f.breakdowns?.[0];
  const raw = first ? first.property : f.breakdown;
  if (raw === undefined || raw === null || raw === '') return null;
  if (Array.isArray(raw) || (f.breakdowns?.length ?? 0) > 1) {
    throw invalidInput('Only one breakdown is supported so far.', 'breakdownFilter');
  }
  const type = (first?.type ?? f.breakdown_type ?? 'event') as string;
  if (type !== 'event' && type !== 'person' && type !== 'group' && type !== 'event_metadata') {
    throw invalidInput(`Breakdowns of type "${type}" are not supported yet.`, 'breakdownFilter');
  }
  const groupIndex = first?.group_type_index ?? f.breakdown_group_type_index ?? null;
  if (type === 'group' && groupIndex === null)
    throw invalidInput('Group breakdowns need breakdown_group_type_index.', 'breakdownFilter');
  return {
    type,
    key: String(raw),
    groupIndex,
    normalizeUrl: first?.normalize_url ?? f.breakdown_normalize_url ?? false,
    limit: f.breakdown_limit ?? DEFAULT_BREAKDOWN_LIMIT,
    hideOther: f.breakdown_hide_other_aggregation ?? false,
  };
}

/** The breakdown value of an event as a string; a missing value is PostHog's null sentinel. */
export function breakdownExpr(breakdown: Breakdown, source: EventsSource): Expr {
  let value: Expr;
  if (breakdown.type === 'event_metadata') {
    const column = source.properties.metadata(breakdown.key);
    if (!column) throw invalidInput(`Unknown event field "${breakdown.key}".`, 'breakdownFilter');
    value = fn('toString', column);
  } else {
    const from =
      breakdown.type === 'event'
        ? source.properties.event
        : breakdown.type === 'person'
          ? source.properties.person
          : source.properties.group(breakdown.groupIndex ?? 0);
    if (!from) throw invalidInput('This breakdown needs data that is not available.', 'breakdownFilter');
    value = propertyString(from, breakdown.key);
  }
  if (breakdown.normalizeUrl) {
    value = fn(
      'if',
      op('=', fn('replaceRegexpAll', value, str('[/?#]+$'), str('')), str('')),
      str('/'),
      fn('replaceRegexpAll', value, str('[/?#]+$'), str('')),
    );
  }
  return fn('ifNull', value, str(BREAKDOWN_NULL));
}
