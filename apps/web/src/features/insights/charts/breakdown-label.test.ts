import { describe, expect, it } from 'vitest';
import { BREAKDOWN_NULL, BREAKDOWN_OTHER, breakdownLabel } from './breakdown-label';

describe('breakdownLabel', () => {
  it('names PostHog markers and joins multiple breakdowns', () => {
    expect(breakdownLabel(undefined)).toBeNull();
    expect(breakdownLabel(BREAKDOWN_OTHER)).toBe('Other');
    expect(breakdownLabel(BREAKDOWN_NULL)).toBe('(none)');
    expect(breakdownLabel(['Chrome', 'Mac'])).toBe('Chrome · Mac');
    expect(breakdownLabel(3)).toBe('3');
  });
});
