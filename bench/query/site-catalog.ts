import { SeededRandom, type WeightedTable } from './seeded-random';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Where a person is: their browser, OS and country, and the UTC offset their day follows. */
export interface Device {
  browser: string;
  os: string;
  deviceType: 'Desktop' | 'Mobile';
  country: string;
  utcOffsetHours: number;
}

/** The product's funnel, in order. */
export const FUNNEL_STEPS = ['signed up', 'activated', 'invited teammate', 'upgraded', 'paid'] as const;

const COUNTRIES: readonly (readonly [string, number, number])[] = [
  // code, weight, UTC offset of its working day
  ['US', 30, -6],
  ['DE', 8, 1],
  ['GB', 8, 0],
  ['IN', 8, 5],
  ['FR', 5, 1],
  ['BR', 5, -3],
  ['CA', 4, -5],
  ['NL', 3, 1],
  ['ES', 3, 1],
  ['JP', 3, 9],
  ['AU', 3, 10],
  ['IT', 3, 1],
  ['PL', 2, 1],
  ['SE', 2, 1],
  ['MX', 2, -6],
  ['KR', 1.5, 9],
  ['SG', 1.2, 8],
  ['ZA', 1, 2],
  ['NG', 1, 1],
  ['AR', 1, -3],
  ['TR', 1, 3],
  ['ID', 1, 7],
  ['CH', 1, 1],
  ['AT', 0.8, 1],
  ['BE', 0.8, 1],
  ['IE', 0.7, 0],
  ['DK', 0.6, 1],
  ['NO', 0.6, 1],
  ['FI', 0.5, 2],
  ['PT', 0.5, 0],
  ['CZ', 0.5, 1],
  ['UA', 0.5, 2],
  ['RO', 0.4, 2],
];

const BROWSER_OS: Record<string, WeightedTable<string>> = {
  Chrome: SeededRandom.table([
    ['Windows', 50],
    ['Mac OS X', 25],
    ['Android', 15],
    ['Linux', 5],
    ['Chrome OS', 5],
  ]),
  Safari: SeededRandom.table([
    ['Mac OS X', 60],
    ['iOS', 40],
  ]),
  Firefox: SeededRandom.table([
    ['Windows', 60],
    ['Linux', 20],
    ['Mac OS X', 20],
  ]),
  'Microsoft Edge': SeededRandom.table([['Windows', 1]]),
  Opera: SeededRandom.table([
    ['Windows', 80],
    ['Mac OS X', 20],
  ]),
  'Samsung Internet': SeededRandom.table([['Android', 1]]),
  Brave: SeededRandom.table([
    ['Windows', 50],
    ['Mac OS X', 30],
    ['Linux', 20],
  ]),
};

const BROWSERS = SeededRandom.table([
  ['Chrome', 62],
  ['Safari', 19],
  ['Firefox', 7],
  ['Microsoft Edge', 7],
  ['Opera', 2],
  ['Samsung Internet', 2],
  ['Brave', 1],
]);
const COUNTRY_TABLE = SeededRandom.table(
  COUNTRIES.map(([code, w, offset]) => [{ code, offset }, w] as const),
);

/** Local hour of the day a session starts at: a working-day curve with an evening bump. */
const LOCAL_HOURS = SeededRandom.table(
  range(24).map((h) => {
    const work = Math.exp(-((h - 13) ** 2) / 18);
    const evening = 0.45 * Math.exp(-((h - 21) ** 2) / 4);
    return [h, 0.03 + work + evening] as const;
  }),
);

const BLOG_SLUGS = range(60).map((i) => `/blog/post-${i + 1}`);
const DOC_TOPICS = range(40).map((i) => `/docs/topic-${i + 1}`);
const FEATURES = ['trends', 'funnels', 'retention', 'paths', 'flags', 'replay'].map((f) => `/features/${f}`);

type Page = string;
type PageChoice = Page | ((rng: SeededRandom) => Page);
const t = (entries: readonly (readonly [PageChoice, number])[]) => SeededRandom.table(entries);

/**
 * The site a person browses: marketing pages for everyone, the app after signing up; the next page
 * follows a small Markov chain so that paths have realistic common routes and a long tail.
 */
export class SiteCatalog {
  readonly host = 'https://hedgerow.example';

  device(rng: SeededRandom): Device {
    const browser = rng.pickWeighted(BROWSERS);
    const osTable = BROWSER_OS[browser];
    const os = osTable ? rng.pickWeighted(osTable) : 'Windows';
    const country = rng.pickWeighted(COUNTRY_TABLE);
    return {
      browser,
      os,
      deviceType: os === 'iOS' || os === 'Android' ? 'Mobile' : 'Desktop',
      country: country.code,
      utcOffsetHours: country.offset,
    };
  }

  localHour(rng: SeededRandom): number {
    return rng.pickWeighted(LOCAL_HOURS);
  }

  landing(rng: SeededRandom, loggedIn: boolean): Page {
    if (loggedIn && rng.chance(0.85)) return rng.chance(0.6) ? '/app/home' : this.#appPage(rng);
    return this.#resolve(rng, rng.pickWeighted(LANDING));
  }

  next(rng: SeededRandom, page: Page, loggedIn: boolean): Page {
    if (page.startsWith('/app')) return rng.chance(0.08) ? '/app/home' : this.#appPage(rng);
    if (loggedIn && rng.chance(0.25)) return '/app/home';
    const table =
      page === '/'
        ? FROM_HOME
        : page === '/pricing'
          ? FROM_PRICING
          : page.startsWith('/features')
            ? FROM_FEATURES
            : page === '/blog'
              ? FROM_BLOG
              : page.startsWith('/blog/')
                ? FROM_POST
                : page === '/docs'
                  ? FROM_DOCS
                  : page.startsWith('/docs/')
                    ? FROM_TOPIC
                    : FROM_OTHER;
    return this.#resolve(rng, rng.pickWeighted(table));
  }

  /** A custom event that fits the page, or null for a page view. */
  customEvent(rng: SeededRandom, page: Page): { event: string; properties: string } | null {
    if (page.startsWith('/app')) {
      if (!rng.chance(0.33)) return null;
      const e = rng.pickWeighted(APP_EVENTS);
      return { event: e, properties: APP_EVENT_PROPERTIES[e]?.(rng) ?? '' };
    }
    if (rng.chance(0.06)) return { event: 'cta clicked', properties: `"cta":"${rng.pick(CTAS)}",` };
    if (rng.chance(0.004)) return { event: 'newsletter subscribed', properties: '' };
    return null;
  }

  #appPage(rng: SeededRandom): Page {
    return this.#resolve(rng, rng.pickWeighted(APP_PAGES));
  }

  #resolve(rng: SeededRandom, page: PageChoice): Page {
    return typeof page === 'function' ? page(rng) : page;
  }
}

const blogPost = (rng: SeededRandom) => rng.pick(BLOG_SLUGS);
const docTopic = (rng: SeededRandom) => rng.pick(DOC_TOPICS);
const feature = (rng: SeededRandom) => rng.pick(FEATURES);
// Insight and dashboard ids: a long tail of distinct URLs, as real apps have.
const insight = (rng: SeededRandom) => `/app/insights/${1 + Math.floor(rng.next() ** 2 * 40_000)}`;
const dashboard = (rng: SeededRandom) => `/app/dashboards/${1 + Math.floor(rng.next() ** 2 * 8_000)}`;
const person = (rng: SeededRandom) => `/app/persons/${1 + rng.int(500_000)}`;

const LANDING = t([
  ['/', 35],
  [blogPost, 25],
  ['/pricing', 10],
  [feature, 10],
  [docTopic, 15],
  ['/docs', 5],
]);
const FROM_HOME = t([
  ['/pricing', 30],
  ['/features', 15],
  [feature, 10],
  ['/blog', 15],
  ['/docs', 10],
  ['/signup', 6],
  ['/login', 4],
  ['/about', 5],
  ['/careers', 3],
  ['/changelog', 2],
]);
const FROM_PRICING = t([
  ['/signup', 25],
  ['/features', 10],
  [feature, 10],
  ['/', 20],
  ['/docs', 15],
  ['/about', 10],
  ['/login', 10],
]);
const FROM_FEATURES = t([
  [feature, 40],
  ['/pricing', 30],
  ['/docs', 15],
  ['/', 10],
  ['/signup', 5],
]);
const FROM_BLOG = t([
  [blogPost, 70],
  ['/', 20],
  ['/pricing', 10],
]);
const FROM_POST = t([
  [blogPost, 30],
  ['/blog', 20],
  ['/', 20],
  ['/pricing', 15],
  [feature, 15],
]);
const FROM_DOCS = t([
  [docTopic, 80],
  ['/', 20],
]);
const FROM_TOPIC = t([
  [docTopic, 60],
  ['/docs', 20],
  ['/pricing', 10],
  ['/', 10],
]);
const FROM_OTHER = t([
  ['/', 50],
  ['/pricing', 25],
  [blogPost, 15],
  [docTopic, 10],
]);
const APP_PAGES = t([
  ['/app/home', 15],
  ['/app/dashboards', 10],
  [dashboard, 20],
  ['/app/insights', 10],
  [insight, 25],
  ['/app/events', 7],
  ['/app/persons', 5],
  [person, 4],
  ['/app/flags', 2],
  ['/app/settings', 1.5],
  ['/app/billing', 0.5],
  ['/app/team', 1],
]);
const APP_EVENTS = SeededRandom.table([
  ['insight viewed', 30],
  ['dashboard viewed', 20],
  ['insight created', 10],
  ['search performed', 15],
  ['query ran', 15],
  ['feature flag toggled', 5],
  ['file exported', 5],
]);
const CHART_TYPES = ['line', 'bar', 'funnel', 'retention', 'table', 'number'];
const APP_EVENT_PROPERTIES: Record<string, (rng: SeededRandom) => string> = {
  'insight viewed': (rng) => `"insight_type":"${rng.pick(CHART_TYPES)}",`,
  'insight created': (rng) => `"insight_type":"${rng.pick(CHART_TYPES)}",`,
  'query ran': (rng) => `"duration_ms":${Math.round(rng.logNormal(120, 1))},"cached":${rng.chance(0.4)},`,
  'search performed': (rng) => `"results":${rng.int(40)},`,
  'file exported': (rng) => `"format":"${rng.pick(['csv', 'png', 'pdf'])}",`,
};
const CTAS = ['hero', 'pricing', 'footer', 'navbar'];
