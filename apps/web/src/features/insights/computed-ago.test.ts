import { describe, expect, it } from 'vitest';
import { computedAgo } from './computed-ago';

describe('computedAgo', () => {
  const at = Date.parse('2024-05-01T12:00:00Z');
  it('counts minutes, hours and days', () => {
    expect(computedAgo('2024-05-01T11:59:30Z', at)).toBe('Computed just now');
    expect(computedAgo('2024-05-01T11:59:00Z', at)).toBe('Computed 1 minute ago');
    expect(computedAgo('2024-05-01T11:15:00Z', at)).toBe('Computed 45 minutes ago');
    expect(computedAgo('2024-05-01T09:00:00Z', at)).toBe('Computed 3 hours ago');
    expect(computedAgo('2024-04-29T12:00:00Z', at)).toBe('Computed 2 days ago');
  });
});
