import type { BreakdownFilter } from '@hedgerow/schema';
import type { PropertyRef } from '../property-key-picker';

/** A breakdown as the editor lists it: a property (event, person, group) or a cohort. */
export type BreakdownItem = PropertyRef;

type PropertyType = 'event' | 'person' | 'group';
const asType = (t: string | null | undefined): PropertyType =>
  t === 'person' || t === 'group' ? t : 'event';

/** Reads `breakdownFilter` (single, multiple `breakdowns`, or cohorts) into items. */
export function readBreakdowns(filter: BreakdownFilter | null | undefined): BreakdownItem[] {
  if (!filter) return [];
  if (filter.breakdowns?.length)
    return filter.breakdowns.map((b) => ({
      type: asType(b.type),
      key: String(b.property),
      ...(b.type === 'group' ? { group_type_index: b.group_type_index ?? 0 } : {}),
    }));
  if (filter.breakdown === null || filter.breakdown === undefined) return [];
  if (filter.breakdown_type === 'cohort') {
    const ids = Array.isArray(filter.breakdown) ? filter.breakdown : [filter.breakdown];
    return ids.map((id) => ({ type: 'cohort', key: String(id) }));
  }
  return [
    {
      type: asType(filter.breakdown_type),
      key: String(filter.breakdown),
      ...(filter.breakdown_type === 'group'
        ? { group_type_index: filter.breakdown_group_type_index ?? 0 }
        : {}),
    },
  ];
}

/**
 * The `breakdownFilter` for items, keeping the filter's other settings (limit, Other): one property
 * as `breakdown`, several as `breakdowns`, cohorts as a `cohort` breakdown; null for none.
 */
export function writeBreakdowns(
  items: BreakdownItem[],
  previous: BreakdownFilter | null | undefined,
): BreakdownFilter | null {
  if (items.length === 0) return null;
  const keep: BreakdownFilter = {};
  if (previous?.breakdown_limit) keep.breakdown_limit = previous.breakdown_limit;
  if (previous?.breakdown_hide_other_aggregation) keep.breakdown_hide_other_aggregation = true;
  if (items.every((i) => i.type === 'cohort')) {
    return {
      ...keep,
      breakdown_type: 'cohort',
      breakdown: items.map((i) => (i.key === 'all' ? 'all' : Number(i.key))),
    };
  }
  const properties = items.filter((i) => i.type !== 'cohort');
  const [only] = properties;
  if (properties.length === 1 && only) {
    return {
      ...keep,
      breakdown_type: only.type,
      breakdown: only.key,
      ...(only.type === 'group' ? { breakdown_group_type_index: only.group_type_index ?? 0 } : {}),
    };
  }
  return {
    ...keep,
    breakdowns: properties.map((p) => ({
      property: p.key,
      type: p.type as PropertyType,
      ...(p.type === 'group' ? { group_type_index: p.group_type_index ?? 0 } : {}),
    })),
  };
}

/** Adds an item: cohorts and properties do not mix (a new kind replaces the old), at most `max`. */
export function addBreakdown(items: BreakdownItem[], item: BreakdownItem, max: number): BreakdownItem[] {
  const sameKind = items.filter((i) => (i.type === 'cohort') === (item.type === 'cohort'));
  if (sameKind.some((i) => i.type === item.type && i.key === item.key)) return sameKind;
  return [...sameKind, item].slice(-Math.max(1, item.type === 'cohort' ? 20 : max));
}
