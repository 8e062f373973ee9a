/**
 * Where an address is, in the vocabulary of PostHog's `$geoip_*` properties (without the prefix).
 * Every field is optional: the database may know a country but no city, and a field that is not
 * known is left out rather than set to null, as PostHog's GeoIP processing does.
 */
export interface GeoipLocation {
  city_name?: string;
  country_name?: string;
  country_code?: string;
  continent_name?: string;
  continent_code?: string;
  postal_code?: string;
  latitude?: number;
  longitude?: number;
  time_zone?: string;
  subdivision_1_code?: string;
  subdivision_1_name?: string;
  subdivision_2_name?: string;
}

/**
 * Looks an IP address up. Synchronous because pipeline steps are: whoever provides it loads its
 * database before the batch runs. Returns null for private, loopback and unknown addresses.
 */
export type GeoipLookup = (ip: string) => GeoipLocation | null;
