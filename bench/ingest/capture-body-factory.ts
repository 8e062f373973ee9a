import { randomUUID } from 'node:crypto';

/**
 * Builds `/batch/` bodies the way posthog-node sends them (`{api_key, batch: [...], sent_at}`), with
 * a realistic mix over many users: pageviews, custom events (some with `$groups`), events that set
 * person properties, `$identify` with `$anon_distinct_id`, and `$groupidentify`.
 *
 * Building and serializing 50 events per request would cost the load generator as much CPU as the
 * server under test spends, on the same 2 cores. So a pool of bodies is serialized once as templates
 * with slots, and each request only fills the slots: fresh uuids, current timestamps, and a user
 * drawn at random for every event.
 */
export interface CaptureBodyFactoryOptions {
  token: string;
  /** Events per request. */
  batchSize: number;
  /** Distinct users; about half of them sign up (have a `user-…` id besides their anonymous one). */
  users: number;
  /** How many different request templates to build. */
  templates?: number;
  /** Seed of the pseudo-random choices, so two runs send the same mix. */
  seed?: number;
}

/** What one slot of a template is filled with. */
type SlotKind = 'uuid' | 'timestamp' | 'sentAt' | 'distinctId' | 'userId' | 'anonId' | 'email';

interface Template {
  /** Text between slots; `fragments.length === slots.length + 1`. */
  fragments: string[];
  slots: { kind: SlotKind; event: number }[];
  /** Per event: whether it needs a signed-up user (identify). */
  needsUser: boolean[];
}

const SLOT = /"@@(uuid|timestamp|sentAt|distinctId|userId|anonId|email):(\d+)@@"/g;

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAGES = [
  '/',
  '/pricing',
  '/docs',
  '/docs/getting-started',
  '/docs/api',
  '/blog',
  '/blog/launch-week',
  '/signup',
  '/login',
  '/app/dashboard',
  '/app/projects',
  '/app/settings',
  '/app/billing',
  '/app/reports/weekly',
  '/changelog',
];
const BROWSERS = [
  ['Chrome', 126],
  ['Safari', 17.5],
  ['Firefox', 127],
  ['Microsoft Edge', 125],
  ['Chrome iOS', 126],
] as const;
const OSES = ['Mac OS X', 'Windows', 'Linux', 'iOS', 'Android'];
const REFERRERS = ['$direct', 'https://www.google.com/', 'https://news.ycombinator.com/', 'https://t.co/'];
const CUSTOM_EVENTS = [
  'order placed',
  'item added to cart',
  'search performed',
  'feature used',
  'api request',
  'file uploaded',
  'invite sent',
  'report exported',
];
const PLANS = ['free', 'starter', 'pro', 'enterprise'];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Slot marker: serialized as a JSON string, replaced per request. */
const slot = (kind: SlotKind, event: number) => `@@${kind}:${event}@@`;

function commonProperties(random: () => number): Record<string, unknown> {
  const [browser, version] = pick(BROWSERS, random);
  return {
    $lib: 'posthog-node',
    $lib_version: '5.7.0',
    $browser: browser,
    $browser_version: version,
    $os: pick(OSES, random),
    $device_type: random() < 0.7 ? 'Desktop' : 'Mobile',
    $session_id: randomUUID(),
    $window_id: randomUUID(),
  };
}

/** One event of the mix; its user-dependent fields are slots. */
function templateEvent(index: number, random: () => number): { event: unknown; needsUser: boolean } {
  const base = {
    uuid: slot('uuid', index),
    distinct_id: slot('distinctId', index),
    timestamp: slot('timestamp', index),
  };
  const roll = random();
  const page = pick(PAGES, random);
  const url = `https://app.example.com${page}`;
  if (roll < 0.015) {
    // posthog-node's identify(): $identify with the anonymous id it replaces and person properties.
    return {
      event: {
        ...base,
        distinct_id: slot('userId', index),
        event: '$identify',
        properties: {
          ...commonProperties(random),
          $anon_distinct_id: slot('anonId', index),
          $set: { email: slot('email', index), plan: pick(PLANS, random) },
          $set_once: { signed_up_at: new Date(Date.UTC(2024, 0, 1 + index)).toISOString() },
        },
      },
      needsUser: true,
    };
  }
  if (roll < 0.02) {
    const company = `company-${Math.floor(random() * 5000)}`;
    return {
      event: {
        ...base,
        event: '$groupidentify',
        properties: {
          ...commonProperties(random),
          $group_type: 'company',
          $group_key: company,
          $group_set: { name: `Company ${company}`, plan: pick(PLANS, random), employees: 5 + index },
        },
      },
      needsUser: false,
    };
  }
  if (roll < 0.57) {
    return {
      event: {
        ...base,
        event: '$pageview',
        properties: {
          ...commonProperties(random),
          $current_url: url,
          $host: 'app.example.com',
          $pathname: page,
          $referrer: pick(REFERRERS, random),
          $screen_width: 1440,
          $screen_height: 900,
          title: `Example — ${page}`,
        },
      },
      needsUser: false,
    };
  }
  const name = pick(CUSTOM_EVENTS, random);
  const properties: Record<string, unknown> = {
    ...commonProperties(random),
    $current_url: url,
    plan: pick(PLANS, random),
    amount: Math.round(random() * 50_000) / 100,
    currency: 'EUR',
    items: 1 + Math.floor(random() * 5),
    duration_ms: Math.floor(random() * 2000),
  };
  if (roll < 0.64) {
    properties.$set = {
      plan: pick(PLANS, random),
      last_feature: name,
      theme: random() < 0.5 ? 'dark' : 'light',
    };
    properties.$set_once = { initial_referrer: pick(REFERRERS, random) };
  }
  if (random() < 0.1) properties.$groups = { company: `company-${Math.floor(random() * 5000)}` };
  return { event: { ...base, event: name, properties }, needsUser: false };
}

function buildTemplate(token: string, batchSize: number, random: () => number): Template {
  const events: unknown[] = [];
  const needsUser: boolean[] = [];
  for (let i = 0; i < batchSize; i++) {
    const e = templateEvent(i, random);
    events.push(e.event);
    needsUser.push(e.needsUser);
  }
  const text = JSON.stringify({ api_key: token, batch: events, sent_at: slot('sentAt', 0) });
  const fragments: string[] = [];
  const slots: Template['slots'] = [];
  let at = 0;
  for (const match of text.matchAll(SLOT)) {
    fragments.push(text.slice(at, match.index));
    slots.push({ kind: match[1] as SlotKind, event: Number(match[2]) });
    at = match.index + match[0].length;
  }
  fragments.push(text.slice(at));
  return { fragments, slots, needsUser };
}

export class CaptureBodyFactory {
  readonly #templates: Template[];
  readonly #random: () => number;
  readonly #users: number;
  readonly #anonIds: string[];
  readonly #userIds: string[];
  #next = 0;

  constructor(options: CaptureBodyFactoryOptions) {
    this.#random = seededRandom(options.seed ?? 42);
    this.#users = options.users;
    this.#templates = Array.from({ length: options.templates ?? 500 }, () =>
      buildTemplate(options.token, options.batchSize, this.#random),
    );
    // Anonymous ids look like posthog-js's (uuidv7-shaped); signed-up users have their own ids.
    this.#anonIds = Array.from(
      { length: options.users },
      (_, u) =>
        `${u.toString(16).padStart(8, '0')}-0190-7a1c-9e3f-${(u * 2654435761).toString(16).padStart(12, '0').slice(-12)}`,
    );
    this.#userIds = Array.from({ length: options.users }, (_, u) => `user-${u}`);
  }

  /** A fresh request body: new uuids and timestamps, a random user for every event. */
  next(): string {
    const template = this.#templates[this.#next] as Template;
    this.#next = (this.#next + 1) % this.#templates.length;
    const now = Date.now();
    const sentAt = new Date(now).toISOString();
    const userOf = template.needsUser.map((needsUser) => {
      // Half of the users sign up; an identify always comes from one of them.
      const signedUp = this.#users >> 1;
      return needsUser ? Math.floor(this.#random() * signedUp) : Math.floor(this.#random() * this.#users);
    });
    let out = template.fragments[0] as string;
    for (let i = 0; i < template.slots.length; i++) {
      const { kind, event } = template.slots[i] as Template['slots'][number];
      const u = userOf[event] as number;
      let value: string;
      switch (kind) {
        case 'uuid':
          value = randomUUID();
          break;
        case 'timestamp':
          // Events happened during the last few seconds, as a batching SDK would send them.
          value = new Date(now - ((event * 97) % 5000)).toISOString();
          break;
        case 'sentAt':
          value = sentAt;
          break;
        case 'distinctId':
          // Signed-up users mostly send events under their user id, the rest under their anonymous id.
          value =
            u < this.#users >> 1 && this.#random() < 0.8
              ? (this.#userIds[u] as string)
              : (this.#anonIds[u] as string);
          break;
        case 'userId':
          value = this.#userIds[u] as string;
          break;
        case 'anonId':
          value = this.#anonIds[u] as string;
          break;
        case 'email':
          value = `${this.#userIds[u] as string}@example.com`;
          break;
      }
      out += `"${value}"${template.fragments[i + 1] as string}`;
    }
    return out;
  }
}
