/** A person in PostHog's API shape; `name` is what the app shows: email, name, or the first distinct id. */
export function presentPerson(person: {
  id: string;
  properties: Record<string, unknown>;
  distinctIds: string[];
  isIdentified: boolean;
  createdAt: string;
}) {
  const { properties } = person;
  const label = [properties.email, properties.name].find((v) => typeof v === 'string' && v !== '');
  return {
    id: person.id,
    uuid: person.id,
    name: (label as string | undefined) ?? person.distinctIds[0] ?? person.id,
    distinct_ids: person.distinctIds,
    properties,
    is_identified: person.isIdentified,
    created_at: person.createdAt,
  };
}

/** `2024-03-01 10:00:00.000` (ClickHouse) → `2024-03-01T10:00:00.000Z`. */
export function clickhouseTimeToIso(value: string): string {
  return `${value.replace(' ', 'T')}${value.includes('.') ? '' : '.000'}Z`.replace(/(\.\d{3})\d*Z$/, '$1Z');
}
