import type { Properties, PropertyFilterNode, PropertyGroup } from '@hedgerow/schema';

/**
 * The filters the editor shows: one list, all of which (AND) or any of which (OR) must match.
 * Queries may carry deeper AND/OR trees; those are shown read-only (`nested`).
 */
export interface PropertyList {
  match: 'AND' | 'OR';
  filters: PropertyFilterNode[];
  nested: boolean;
}

const isGroup = (v: PropertyGroup | PropertyFilterNode): v is PropertyGroup =>
  'values' in v && Array.isArray((v as PropertyGroup).values) && !('key' in v);

/** Reads a query's `properties` (a flat list, a group of filters, or PostHog's group of groups). */
export function readProperties(properties: Properties | null | undefined): PropertyList {
  if (!properties) return { match: 'AND', filters: [], nested: false };
  if (Array.isArray(properties)) return { match: 'AND', filters: properties, nested: false };
  const values = properties.values;
  // PostHog's app writes {type: AND, values: [{type: AND|OR, values: [filters]}]}.
  if (values.length === 1 && values[0] && isGroup(values[0])) {
    const inner = values[0];
    if (inner.values.every((v) => !isGroup(v)))
      return { match: inner.type, filters: inner.values as PropertyFilterNode[], nested: false };
  }
  if (values.every((v) => !isGroup(v)))
    return { match: properties.type, filters: values as PropertyFilterNode[], nested: false };
  return { match: properties.type, filters: [], nested: true };
}

/** The `properties` to send for a list: a flat list when ANDed, a group when ORed, null when empty. */
export function writeProperties(list: Pick<PropertyList, 'match' | 'filters'>): Properties | null {
  if (list.filters.length === 0) return null;
  if (list.match === 'AND') return list.filters;
  return { type: 'OR', values: list.filters };
}

/** How many filters a `properties` value holds, counting nested ones. */
export function countFilters(properties: Properties | null | undefined): number {
  if (!properties) return 0;
  if (Array.isArray(properties)) return properties.length;
  return properties.values.reduce((n, v) => n + (isGroup(v) ? countFilters(v) : 1), 0);
}
