/** Continents as MaxMind (and so PostHog) names them, by code. */
const CONTINENT_NAMES = {
  AF: 'Africa',
  AN: 'Antarctica',
  AS: 'Asia',
  EU: 'Europe',
  NA: 'North America',
  OC: 'Oceania',
  SA: 'South America',
} as const;

type ContinentCode = keyof typeof CONTINENT_NAMES;

/**
 * ISO 3166-1 country codes by continent, following GeoNames, whose assignment MaxMind uses. The
 * DB-IP database only knows countries, so the continent is derived here.
 */
const COUNTRIES: Record<ContinentCode, string> = {
  AF:
    'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR ' +
    'MU YT MA MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW',
  AN: 'AQ BV GS HM TF',
  AS:
    'AF AM AZ BH BD BT BN KH CN GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS ' +
    'PH QA SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE IO CC CX',
  EU:
    'AL AD AT BY BE BA BG HR CY CZ DK EE FO FI FR DE GI GR GG HU IS IE IM IT JE XK LV LI LT LU MT MD MC ' +
    'ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB VA AX',
  NA:
    'AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS NI PA PR BL KN LC ' +
    'MF PM VC SX TT TC US VI',
  OC: 'AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF',
  SA: 'AR BO BR CL CO EC FK GF GY PY PE SR UY VE',
};

const BY_COUNTRY = new Map<string, ContinentCode>(
  (Object.entries(COUNTRIES) as [ContinentCode, string][]).flatMap(([continent, codes]) =>
    codes.split(' ').map((country): [string, ContinentCode] => [country, continent]),
  ),
);

/** The continent of a country (ISO 3166-1 alpha-2, any case), or null for unknown codes. */
export function continentOfCountry(countryCode: string): { code: ContinentCode; name: string } | null {
  const code = BY_COUNTRY.get(countryCode.toUpperCase());
  return code ? { code, name: CONTINENT_NAMES[code] } : null;
}
