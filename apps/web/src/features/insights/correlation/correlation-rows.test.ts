import { describe, expect, it } from 'vitest';
import type { CorrelationRow } from '../insight-results';
import { correlationSentences, correlationSignal, formatFactor, likelihood } from './correlation-rows';

const row = (event: string, odds: number, type: 'success' | 'failure'): CorrelationRow => ({
  event: { event, properties: {}, elements: [] },
  success_count: 1,
  failure_count: 1,
  odds_ratio: odds,
  correlation_type: type,
});

describe('correlation rows', () => {
  it('reads events, person properties and event properties', () => {
    expect(correlationSignal(row('error_shown', 0.1, 'failure'), 'events')).toEqual({
      kind: 'event',
      event: 'error_shown',
    });
    expect(correlationSignal(row('browser::Firefox', 0.1, 'failure'), 'properties')).toEqual({
      kind: 'person_property',
      property: 'browser',
      value: 'Firefox',
    });
    expect(
      correlationSignal(
        row('$pageview::$current_url::https://a/b::c', 2, 'success'),
        'event_with_properties',
      ),
    ).toEqual({
      kind: 'event_property',
      event: '$pageview',
      property: '$current_url',
      value: 'https://a/b::c',
    });
  });

  it('turns odds ratios into factors either way', () => {
    expect(likelihood(row('x', 4.2, 'success'))).toEqual({ factor: 4.2, more: true });
    expect(likelihood(row('x', 0.25, 'failure'))).toEqual({ factor: 4, more: false });
    expect(formatFactor(17.08)).toBe('17×');
    expect(formatFactor(4.24)).toBe('4.2×');
  });

  it('writes a sentence for the strongest signal each way, the drop-off first', () => {
    const rows = [
      row('browser::Chrome', 3.8, 'success'),
      row('browser::Safari', 1.8, 'success'),
      row('browser::Firefox', 0.0585, 'failure'),
      row('plan::pro', 0.82, 'failure'),
    ];
    expect(correlationSentences(rows, 'properties')).toEqual([
      'Users with browser = Firefox are 17× less likely to convert.',
      'Users with browser = Chrome are 3.8× more likely to convert.',
    ]);
    expect(correlationSentences([row('error_shown', 0.0585, 'failure')], 'events')).toEqual([
      'Users who did error_shown are 17× less likely to convert.',
    ]);
    // Weak signals get no sentence.
    expect(correlationSentences([row('plan::pro', 0.82, 'failure')], 'properties')).toEqual([]);
  });
});
