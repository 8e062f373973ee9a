/**
 * MaxMind's English names (which PostHog's `$geoip_country_name` carries) where they differ from the
 * runtime's CLDR names, so that breakdowns and filters written against PostHog data keep matching.
 */
const MAXMIND_NAMES: Record<string, string> = {
  BL: 'Saint Barthélemy',
  BQ: 'Bonaire, Sint Eustatius, and Saba',
  CD: 'DR Congo',
  CG: 'Congo Republic',
  CI: 'Ivory Coast',
  FM: 'Federated States of Micronesia',
  HK: 'Hong Kong',
  HM: 'Heard and McDonald Islands',
  KN: 'St Kitts and Nevis',
  LC: 'Saint Lucia',
  MF: 'Saint Martin',
  MM: 'Myanmar',
  MO: 'Macao',
  PM: 'Saint Pierre and Miquelon',
  PS: 'Palestine',
  SH: 'Saint Helena',
  VA: 'Vatican City',
  VC: 'St Vincent and Grenadines',
  UM: 'U.S. Minor Outlying Islands',
  VI: 'U.S. Virgin Islands',
};

const cldr = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** The English name of a country (ISO 3166-1 alpha-2), or null when the code is not a country. */
export function countryName(countryCode: string): string | null {
  const code = countryCode.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || code === 'ZZ') return null;
  const override = MAXMIND_NAMES[code];
  if (override) return override;
  try {
    return cldr.of(code)?.replaceAll(' & ', ' and ') ?? null;
  } catch {
    return null;
  }
}
