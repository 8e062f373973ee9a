import { describe, expect, it } from 'vitest';
import type { GeoipLocation } from '../../geoip/geoip-lookup';
import type { PipelineEvent } from '../pipeline-event';
import type { ProjectIngestionSettings } from '../project-ingestion-settings';
import { createEnrichGeoipStep } from './enrich-geoip-step';

const BERLIN: GeoipLocation = {
  city_name: 'Berlin',
  country_name: 'Germany',
  country_code: 'DE',
  continent_name: 'Europe',
  continent_code: 'EU',
  latitude: 52.52,
  longitude: 13.405,
  subdivision_1_name: 'Land Berlin',
};

/** A fake database: one known public address. */
const lookup = (ip: string) => (ip === '203.0.113.9' ? null : ip === '85.214.132.117' ? BERLIN : null);

function event(properties: Record<string, unknown>, processPerson = true): PipelineEvent {
  return {
    teamId: 1,
    uuid: 'u',
    event: 'e',
    distinctId: 'd',
    properties,
    timestamp: 0,
    receivedAt: 0,
    processPerson,
    request: { ip: null, sentAt: null, historical: false, receivedAt: 0, userAgent: null },
    raw: { uuid: 'u', event: 'e', distinct_id: 'd', properties, timestamp: null, offset: null },
  };
}

function enrich(e: PipelineEvent, project: Partial<ProjectIngestionSettings> = {}) {
  const step = createEnrichGeoipStep(lookup, (p) => p.geoipEnabled);
  const result = step(e, { project: { teamId: 1, geoipEnabled: true, ...project }, warn: () => {} });
  if (result.kind !== 'ok') throw new Error('expected ok');
  return result.value.properties;
}

describe('enrichGeoipStep', () => {
  it('sets $geoip_* properties, $set of them and $set_once of $initial_geoip_*', () => {
    expect(enrich(event({ $ip: '85.214.132.117' }))).toEqual({
      $ip: '85.214.132.117',
      $geoip_city_name: 'Berlin',
      $geoip_country_name: 'Germany',
      $geoip_country_code: 'DE',
      $geoip_continent_name: 'Europe',
      $geoip_continent_code: 'EU',
      $geoip_latitude: 52.52,
      $geoip_longitude: 13.405,
      $geoip_subdivision_1_name: 'Land Berlin',
      $set: {
        $geoip_city_name: 'Berlin',
        $geoip_country_name: 'Germany',
        $geoip_country_code: 'DE',
        $geoip_continent_name: 'Europe',
        $geoip_continent_code: 'EU',
        $geoip_latitude: 52.52,
        $geoip_longitude: 13.405,
        $geoip_subdivision_1_name: 'Land Berlin',
      },
      $set_once: {
        $initial_geoip_city_name: 'Berlin',
        $initial_geoip_country_name: 'Germany',
        $initial_geoip_country_code: 'DE',
        $initial_geoip_continent_name: 'Europe',
        $initial_geoip_continent_code: 'EU',
        $initial_geoip_latitude: 52.52,
        $initial_geoip_longitude: 13.405,
        $initial_geoip_subdivision_1_name: 'Land Berlin',
      },
    });
  });

  it("merges into the event's own $set and $set_once without overwriting its keys", () => {
    const p = enrich(
      event({
        $ip: '85.214.132.117',
        $geoip_city_name: 'Potsdam',
        $set: { plan: 'pro', $geoip_city_name: 'Mine' },
        $set_once: { $initial_geoip_country_code: 'FR' },
      }),
    );
    expect(p.$geoip_city_name).toBe('Potsdam');
    expect(p.$geoip_country_code).toBe('DE');
    expect(p.$set).toMatchObject({ plan: 'pro', $geoip_city_name: 'Mine', $geoip_country_code: 'DE' });
    expect(p.$set_once).toMatchObject({
      $initial_geoip_country_code: 'FR',
      $initial_geoip_city_name: 'Berlin',
    });
  });

  it('gives personless events the event properties only', () => {
    const p = enrich(event({ $ip: '85.214.132.117', $process_person_profile: false }, false));
    expect(p.$geoip_country_code).toBe('DE');
    expect(p.$set).toBeUndefined();
    expect(p.$set_once).toBeUndefined();
  });

  it('does nothing with $geoip_disable, with GeoIP off for the project, or without a located $ip', () => {
    const unchanged = (
      properties: Record<string, unknown>,
      project: Partial<ProjectIngestionSettings> = {},
    ) => expect(enrich(event(properties), project)).toEqual(properties);
    unchanged({ $ip: '85.214.132.117', $geoip_disable: true });
    unchanged({ $ip: '85.214.132.117' }, { geoipEnabled: false });
    unchanged({ $ip: '203.0.113.9' });
    unchanged({ $ip: 42 });
    unchanged({});
  });
});
