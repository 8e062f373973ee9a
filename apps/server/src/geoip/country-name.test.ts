import { describe, expect, it } from 'vitest';
import { continentOfCountry } from './continent-of-country';
import { countryName } from './country-name';

describe('countryName and continentOfCountry', () => {
  it("use MaxMind's English names, as PostHog's $geoip_* properties carry them", () => {
    expect(countryName('US')).toBe('United States');
    expect(countryName('gb')).toBe('United Kingdom');
    expect(countryName('HK')).toBe('Hong Kong');
    expect(countryName('BA')).toBe('Bosnia and Herzegovina');
    expect(countryName('ZZ')).toBeNull();
    expect(countryName('QQ')).toBeNull();
    expect(continentOfCountry('DE')).toEqual({ code: 'EU', name: 'Europe' });
    expect(continentOfCountry('br')).toEqual({ code: 'SA', name: 'South America' });
    expect(continentOfCountry('AU')).toEqual({ code: 'OC', name: 'Oceania' });
    expect(continentOfCountry('XX')).toBeNull();
  });
});
