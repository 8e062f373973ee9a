import type { CorrelationRow } from '../insight-results';

/** What a correlation row is about: an event, an event's property value, or a person property value. */
export type CorrelationSignal =
  | { kind: 'event'; event: string }
  | { kind: 'event_property'; event: string; property: string; value: string }
  | { kind: 'person_property'; property: string; value: string };

/**
 * Reads a row's dimension. Property rows name it `property::value`, event-property rows
 * `event::property::value` (PostHog's encoding; the first separators split it).
 */
export function correlationSignal(
  row: CorrelationRow,
  type: 'events' | 'properties' | 'event_with_properties',
): CorrelationSignal {
  const name = row.event.event;
  if (type === 'properties') {
    const at = name.indexOf('::');
    return at < 0
      ? { kind: 'person_property', property: name, value: '' }
      : { kind: 'person_property', property: name.slice(0, at), value: name.slice(at + 2) };
  }
  if (type === 'event_with_properties') {
    const [event = name, property = '', ...rest] = name.split('::');
    return { kind: 'event_property', event, property, value: rest.join('::') };
  }
  return { kind: 'event', event: name };
}

/** How a signal reads in a sentence: "did error_shown", "have browser = Firefox". */
export function signalPhrase(signal: CorrelationSignal): string {
  switch (signal.kind) {
    case 'event':
      return `who did ${signal.event}`;
    case 'event_property':
      return `who did ${signal.event} with ${signal.property} = ${signal.value}`;
    case 'person_property':
      return `with ${signal.property} = ${signal.value}`;
  }
}

/** The odds ratio as "4.2×" more (success) or less (failure) likely. */
export function likelihood(row: CorrelationRow): { factor: number; more: boolean } {
  const more = row.correlation_type === 'success';
  const factor = more ? row.odds_ratio : row.odds_ratio > 0 ? 1 / row.odds_ratio : Number.POSITIVE_INFINITY;
  return { factor, more };
}

export function formatFactor(factor: number): string {
  if (!Number.isFinite(factor)) return 'far';
  return `${factor.toLocaleString('en-US', { maximumFractionDigits: factor < 10 ? 1 : 0 })}×`;
}

/**
 * Plain-language sentences for the strongest signal each way: "Users with browser = Firefox are
 * 17.1× less likely to convert."
 */
export function correlationSentences(
  rows: CorrelationRow[],
  type: 'events' | 'properties' | 'event_with_properties',
): string[] {
  const strongest = (more: boolean) =>
    rows
      .filter((r) => (r.correlation_type === 'success') === more)
      .sort((a, b) => likelihood(b).factor - likelihood(a).factor)[0];
  return [strongest(false), strongest(true)]
    .filter((r): r is CorrelationRow => r !== undefined && likelihood(r).factor >= 1.5)
    .map((r) => {
      const { factor, more } = likelihood(r);
      return `Users ${signalPhrase(correlationSignal(r, type))} are ${formatFactor(factor)} ${more ? 'more' : 'less'} likely to convert.`;
    });
}
