import { describe, expect, it } from 'vitest';
import { countFilters, readProperties, writeProperties } from './property-list';

const browser = { key: '$browser', value: ['Firefox'], operator: 'exact' as const, type: 'event' as const };
const plan = { key: 'plan', value: 'pro', operator: 'exact' as const, type: 'person' as const };

describe('property lists', () => {
  it('reads flat lists, groups of filters and PostHog group-of-groups', () => {
    expect(readProperties(null)).toEqual({ match: 'AND', filters: [], nested: false });
    expect(readProperties([browser])).toEqual({ match: 'AND', filters: [browser], nested: false });
    expect(readProperties({ type: 'OR', values: [browser, plan] })).toEqual({
      match: 'OR',
      filters: [browser, plan],
      nested: false,
    });
    expect(readProperties({ type: 'AND', values: [{ type: 'OR', values: [plan] }] })).toEqual({
      match: 'OR',
      filters: [plan],
      nested: false,
    });
  });

  it('marks deeper trees as nested, and counts their filters', () => {
    const tree = { type: 'AND' as const, values: [browser, { type: 'OR' as const, values: [plan, plan] }] };
    expect(readProperties(tree).nested).toBe(true);
    expect(countFilters(tree)).toBe(3);
  });

  it('writes ANDed lists flat, ORed ones as a group, and nothing as null', () => {
    expect(writeProperties({ match: 'AND', filters: [] })).toBeNull();
    expect(writeProperties({ match: 'AND', filters: [browser] })).toEqual([browser]);
    expect(writeProperties({ match: 'OR', filters: [browser, plan] })).toEqual({
      type: 'OR',
      values: [browser, plan],
    });
  });
});
