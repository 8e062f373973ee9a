import { describe, expect, it } from 'vitest';
import { detectPropertyType } from './detect-property-type';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const type = (key: string, value: unknown) => detectPropertyType(key, value, NOW);

describe('detectPropertyType', () => {
  it('types values as PostHog does', () => {
    expect(type('price', 9.99)).toBe('Numeric');
    expect(type('count', 3)).toBe('Numeric');
    expect(type('paid', true)).toBe('Boolean');
    expect(type('paid', ' false ')).toBe('Boolean');
    expect(type('plan', 'pro')).toBe('String');
    expect(type('plan', '42')).toBe('String');
    expect(type('signup', '2024-04-30T10:00:00Z')).toBe('DateTime');
    expect(type('signup', '2024-04-30T10:00:00.123+02:00')).toBe('DateTime');
    expect(type('day', '2024-04-30')).toBe('DateTime');
    expect(type('day', '30/04/2024 10:00:00')).toBe('String');
    expect(type('day', '04/30/2024')).toBe('DateTime');
    expect(type('sent', 'Tue, 30 Apr 2024 10:52:37 +0200')).toBe('DateTime');
    expect(type('nothing', null)).toBeNull();
    expect(type('list', [1])).toBeNull();
    expect(type('object', { a: 1 })).toBeNull();
  });

  it('reads recent unix seconds under time-like names as DateTime, other numbers as Numeric', () => {
    expect(type('created_at', 1714550000)).toBe('DateTime');
    expect(type('$time', 1714550000)).toBe('DateTime');
    expect(type('created_at', 1600000000)).toBe('Numeric');
    expect(type('created_at', 1714550000.5)).toBe('Numeric');
    expect(type('amount', 1714550000)).toBe('Numeric');
  });

  it('keeps UTM, feature flag and survey response properties strings whatever the first value', () => {
    expect(type('utm_campaign', 2024)).toBe('String');
    expect(type('$initial_utm_source', 1)).toBe('String');
    expect(type('$feature/new-checkout', true)).toBe('String');
    expect(type('$feature_flag_response', false)).toBe('String');
    expect(type('$survey_response_2', 5)).toBe('String');
  });
});
