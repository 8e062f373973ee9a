import { isoFromClickhouseTime } from '../../event-store/iso-from-clickhouse-time';
import type { EventPerson, EventRow } from './event-queries';
import { parseJsonObject } from './parse-json-object';

/** The person properties an event list shows, as PostHog does: enough to name the person, no more. */
const PERSON_PROPERTIES_SHOWN = ['email', 'name', 'username'] as const;

/**
 * An event in the shape of PostHog's legacy events API. `elements` stays empty: the autocapture
 * chain is returned as text in `elements_chain` and is not parsed into element objects here.
 */
export function presentEvent(row: EventRow, person: EventPerson | undefined) {
  return {
    id: row.id,
    distinct_id: row.distinct_id,
    properties: parseJsonObject(row.properties),
    event: row.event,
    timestamp: isoFromClickhouseTime(row.timestamp),
    person: person
      ? {
          is_identified: person.isIdentified,
          distinct_ids: person.distinctIds,
          properties: Object.fromEntries(
            PERSON_PROPERTIES_SHOWN.flatMap((k) =>
              k in person.properties ? [[k, person.properties[k]] as const] : [],
            ),
          ),
        }
      : null,
    elements: [] as never[],
    elements_chain: row.elements_chain,
  };
}
