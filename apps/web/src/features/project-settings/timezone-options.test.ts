import { describe, expect, it } from 'vitest';
import { timezoneOptions } from './timezone-options';

describe('timezoneOptions', () => {
  const at = new Date('2025-01-15T12:00:00Z');

  it('groups IANA zones by region with their offset', () => {
    const groups = timezoneOptions(null, at);
    const europe = groups.find((g) => g.group === 'Europe');
    expect(europe?.items).toContainEqual({ value: 'Europe/Berlin', label: 'Europe/Berlin (GMT+01:00)' });
    const all = groups.flatMap((g) => g.items.map((i) => i.value));
    expect(all).toContain('UTC');
    expect(new Set(all).size).toBe(all.length);
  });

  it('keeps the saved zone even if the runtime does not list it', () => {
    const all = timezoneOptions('Etc/GMT+5', at).flatMap((g) => g.items.map((i) => i.value));
    expect(all).toContain('Etc/GMT+5');
  });
});
