import type { GeoipLocation, GeoipLookup } from '../../geoip/geoip-lookup';
import type { PipelineEvent } from '../pipeline-event';
import type { ProjectIngestionSettings } from '../project-ingestion-settings';
import { ok, type Step } from '../step-result';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adds each key that the target does not have yet: what the event brought itself always wins. */
function addMissing(target: Record<string, unknown>, entries: [string, unknown][]): Record<string, unknown> {
  const out = { ...target };
  for (const [key, value] of entries) if (!(key in out)) out[key] = value;
  return out;
}

/**
 * PostHog's GeoIP processing: from the event's `$ip` (set from the request by normalizeEventStep),
 * the `$geoip_*` event properties, and person updates `$set` of the same values (where the person
 * is now) and `$set_once` of `$initial_geoip_*` (where they were first seen). Skipped when the event
 * says `$geoip_disable: true` (posthog-node's default), when the project has GeoIP switched off, and
 * for addresses that locate nowhere (private, loopback, unknown). Keys the event already carries,
 * as event properties or inside its `$set`/`$set_once`, are never overwritten. Personless events
 * (`$process_person_profile: false`) get the event properties only.
 *
 * A pure function of the event, its project's settings and the injected `lookup`, so tests use a fake.
 */
export function createEnrichGeoipStep(
  lookup: GeoipLookup,
  isEnabledForProject: (project: ProjectIngestionSettings) => boolean,
): Step<PipelineEvent> {
  return function enrichGeoipStep(event, context) {
    const properties = event.properties;
    if (properties.$geoip_disable === true || !isEnabledForProject(context.project)) return ok(event);
    if (typeof properties.$ip !== 'string' || properties.$ip === '') return ok(event);
    const location = lookup(properties.$ip);
    if (!location) return ok(event);

    const entries = (Object.entries(location) as [keyof GeoipLocation, unknown][]).filter(
      ([, value]) => value !== undefined,
    );
    const enriched = addMissing(
      properties,
      entries.map(([key, value]) => [`$geoip_${key}`, value]),
    );
    if (event.processPerson) {
      enriched.$set = addMissing(
        isObject(properties.$set) ? properties.$set : {},
        entries.map(([key, value]) => [`$geoip_${key}`, value]),
      );
      enriched.$set_once = addMissing(
        isObject(properties.$set_once) ? properties.$set_once : {},
        entries.map(([key, value]) => [`$initial_geoip_${key}`, value]),
      );
    }
    return ok({ ...event, properties: enriched });
  };
}
