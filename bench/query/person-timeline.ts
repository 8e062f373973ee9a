import { personIdFor } from '../../apps/server/src/persons/person-processor';
import { SeededRandom } from './seeded-random';
import { type Device, SiteCatalog } from './site-catalog';

/** What the dataset is: the same shape and seed always give the same events. */
export interface DatasetShape {
  seed: number;
  persons: number;
  /** Events to aim for (the total comes within a fraction of a percent of it). */
  events: number;
  days: number;
  /** End of the data (exclusive) and the benchmark's "now", epoch ms. */
  endMs: number;
  teamId: number;
}

/** A person's place in time, drawn before their events so that event budgets can follow activity. */
export interface PersonProfile {
  arrivalDay: number;
  lastDay: number;
  /** Relative activity: events are shared out in proportion to intensity × active days. */
  weight: number;
}

export interface TimelineEvent {
  /** Microseconds since the epoch (unique per person: events are strictly increasing in time). */
  tsUs: number;
  event: string;
  distinctId: string;
  personId: string;
  /** The JSON object, as ingestion stores it. */
  properties: string;
  sessionId: string;
  windowId: string;
  group0: string;
}

export interface PersonReadRow {
  id: string;
  properties: string;
  isIdentified: boolean;
  createdAtMs: number;
  version: number;
  isDeleted: boolean;
}

export interface DistinctIdReadRow {
  distinctId: string;
  personId: string;
  version: number;
}

export interface PersonTimeline {
  events: TimelineEvent[];
  persons: PersonReadRow[];
  distinctIds: DistinctIdReadRow[];
  /** Company key, when the person signed up (the `groups` read model holds one row per company). */
  company: string | null;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const COMPANIES = 6_000;
const site = new SiteCatalog();

/** Activity profile of person `index` (its own random stream, independent of the events stream). */
export function personProfile(shape: DatasetShape, index: number): PersonProfile {
  const rng = SeededRandom.derive(shape.seed, index * 2);
  // A quarter were already users when the window opens; the rest arrive, more of them later on.
  const arrivalDay = rng.chance(0.25)
    ? rng.int(7)
    : Math.min(shape.days - 1, Math.floor(shape.days * Math.sqrt(rng.next())));
  const lifetime = rng.chance(0.3) ? shape.days : rng.exponential(30);
  const lastDay = Math.min(shape.days - 1, Math.floor(arrivalDay + lifetime));
  const intensity = rng.logNormal(1, 0.9);
  return { arrivalDay, lastDay, weight: intensity * (lastDay - arrivalDay + 1) ** 0.8 };
}

interface Special {
  /** What to emit; `pageview:<path>` is a page view of that path. */
  kind: 'identify' | 'second_identify' | 'funnel' | 'pageview';
  name: string;
  order: number;
}

interface Session {
  startMs: number;
  generic: number;
  deviceB: boolean;
  specials: Special[];
}

/**
 * The events of one person over the window, with the read-model rows ingestion would have written
 * for them (ADR 0008):
 *
 * - sessions on days weighted by weekday, at local working hours of the person's country;
 * - page views following the site's Markov chain, custom events in the app;
 * - 30 % sign up: a `/signup` page view, `$identify` from `user_<n>` with `$anon_distinct_id`, and
 *   `signed up`; later `activated`, `invited teammate`, `upgraded`, `paid`, each with a chance and a
 *   delay, in the first session after that delay (some fall outside a 14-day window, some never come);
 * - 12 % of those who signed up later use a second device: a few anonymous page views, then
 *   `$identify` merges that device's person into theirs (the read model keeps both versions);
 * - after signing up, events carry `$groups: {company}` and `$group_0`.
 *
 * A person's id is `personIdFor(team, <first anonymous id>)`: the anonymous person survives its
 * `$identify`, since the user id had not been seen before (identity-replay.ts).
 */
export function personTimeline(shape: DatasetShape, index: number, budget: number): PersonTimeline {
  const profile = personProfile(shape, index);
  const rng = SeededRandom.derive(shape.seed, index * 2 + 1);
  const startMs = shape.endMs - shape.days * DAY_MS;
  const anon = rng.uuid();
  const user = `user_${index}`;
  const personId = personIdFor(shape.teamId, anon);
  const deviceA = site.device(rng);

  // Sessions: an exact event budget split over sessions of about eight events.
  const sessionCount = Math.max(1, Math.round(budget / rng.logNormal(8, 0.4)));
  const weights = Array.from({ length: sessionCount }, () => rng.exponential(1));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const spare = Math.max(0, budget - sessionCount);
  let given = 0;
  const sessions: Session[] = weights.map((w, i) => {
    const extra = i === sessionCount - 1 ? spare - given : Math.floor((spare * w) / weightSum);
    given += extra;
    const day = i === 0 ? profile.arrivalDay : sessionDay(rng, profile, startMs);
    return {
      startMs: sessionStart(rng, startMs, day, deviceA, shape.endMs),
      generic: 1 + extra,
      deviceB: false,
      specials: [],
    };
  });
  sessions.sort((a, b) => a.startMs - b.startMs);
  // A new session starts at least 35 minutes after the previous one ended (about 1 min per event);
  // one pushed past the end of the data joins the previous session instead.
  for (let i = 1; i < sessions.length; i++) {
    const prev = sessions[i - 1] as Session;
    const cur = sessions[i] as Session;
    const earliest = prev.startMs + prev.generic * 70_000 + 35 * MINUTE_MS;
    if (cur.startMs < earliest) cur.startMs = earliest + rng.int(3 * HOUR_MS);
    if (cur.startMs + cur.generic * 70_000 > shape.endMs - MINUTE_MS) {
      prev.generic += cur.generic;
      sessions.splice(i, 1);
      i--;
    }
  }

  // The funnel.
  const signs = sessions.length >= 2 ? rng.chance(0.34) : rng.chance(0.12);
  let signupSession = -1;
  let company: string | null = null;
  let upgraded = false;
  let secondDevice = false;
  let deviceB: Device | null = null;
  let order = 0;
  const add = (s: number, special: Omit<Special, 'order'>) => {
    const session = sessions[s] as Session;
    session.specials.push({ ...special, order: order++ });
    // A special event takes the place of a generic one where there is one to spare.
    if (session.generic > 1) session.generic -= 1;
  };
  if (signs) {
    signupSession = Math.min(sessions.length - 1, rng.int(Math.min(sessions.length, 3)));
    company = `company-${1 + rng.int(COMPANIES)}`;
    add(signupSession, { kind: 'pageview', name: '/signup' });
    add(signupSession, { kind: 'identify', name: '$identify' });
    add(signupSession, { kind: 'funnel', name: 'signed up' });
    // Each later step: its chance, and the median delay after the previous step.
    const later: [string, number, number][] = [
      ['activated', 0.62, 1.5 * DAY_MS],
      ['invited teammate', 0.45, 3 * DAY_MS],
      ['upgraded', 0.35, 6 * DAY_MS],
      ['paid', 0.8, 2 * HOUR_MS],
    ];
    let at = signupSession;
    let atMs = (sessions[at] as Session).startMs;
    for (const [name, chance, delay] of later) {
      if (!rng.chance(chance)) break;
      const due = atMs + rng.logNormal(delay, 1.1);
      const next = sessions.findIndex((s, i) => i >= at && s.startMs >= due);
      // Within the same session when it is due before the session ends (the checkout after upgrading).
      const same = due < atMs + 20 * MINUTE_MS ? at : next;
      if (same < 0) break;
      add(same, { kind: 'funnel', name });
      if (name === 'upgraded') upgraded = true;
      at = same;
      atMs = Math.max(due, (sessions[same] as Session).startMs);
    }
    // Repeats that a funnel must not count twice.
    if (rng.chance(0.3) && at > signupSession) add(at, { kind: 'funnel', name: 'invited teammate' });
    // A second device, used in some sessions after signing up.
    if (rng.chance(0.12) && sessions.length - signupSession > 2) {
      secondDevice = true;
      deviceB = site.device(rng);
      let first = true;
      for (let s = signupSession + 1; s < sessions.length; s++) {
        const session = sessions[s] as Session;
        if (session.specials.length > 0 || !rng.chance(0.35)) continue;
        session.deviceB = true;
        if (first) {
          session.generic = Math.max(session.generic, 3);
          session.specials.push({ kind: 'second_identify', name: '$identify', order: order++ });
          first = false;
        }
      }
      if (first) secondDevice = false;
    }
  }

  // Events.
  const anonB = secondDevice ? rng.uuid() : null;
  const personB = anonB ? personIdFor(shape.teamId, anonB) : null;
  const events: TimelineEvent[] = [];
  let identified = false;
  let identifiedB = false;
  let firstAnonEvent = true;
  let firstAnonBEvent = true;
  let firstBMs = 0;
  let lastUs = 0;
  let initialUrl = '';
  const email = `${user}@${company ?? 'example'}.test`;
  for (const [s, session] of sessions.entries()) {
    const device = session.deviceB && deviceB ? deviceB : deviceA;
    const sessionId = rng.uuid();
    const windowId = rng.uuid();
    const common = `"$browser":"${device.browser}","$os":"${device.os}","$device_type":"${device.deviceType}","$geoip_country_code":"${device.country}","$lib":"web","$session_id":"${sessionId}","$window_id":"${windowId}"`;
    const slots = session.generic + session.specials.length;
    // Where the specials go among the session's events, in their order.
    const specialAt = new Map<number, Special>();
    const positions = new Set<number>();
    const secondIdentify = session.specials.find((x) => x.kind === 'second_identify');
    const ordered = session.specials.filter((x) => x.kind !== 'second_identify');
    while (positions.size < ordered.length) positions.add(rng.int(slots));
    for (const [k, p] of [...positions].sort((a, b) => a - b).entries()) {
      specialAt.set(p, ordered[k] as Special);
    }
    if (secondIdentify) {
      // After one or two anonymous page views on the new device.
      let p = 1 + rng.int(2);
      while (specialAt.has(p)) p++;
      specialAt.set(p, secondIdentify);
    }
    const total = Math.max(slots, Math.max(...specialAt.keys(), -1) + 1);
    let ms = session.startMs;
    let page = site.landing(rng, identified);
    for (let k = 0; k < total; k++) {
      if (k > 0) ms += Math.max(1_000, Math.round(rng.logNormal(35_000, 0.9)));
      // A long session at the very end is squeezed rather than run past "now".
      ms = Math.min(ms, shape.endMs - 5_000);
      let us = ms * 1000 + rng.int(1000);
      if (us <= lastUs) us = lastUs + 1;
      lastUs = us;
      const special = specialAt.get(k);
      let event = '$pageview';
      let extra = '';
      if (special?.kind === 'pageview') page = special.name;
      else if (special?.kind === 'identify') {
        event = '$identify';
        extra = `"$anon_distinct_id":"${anon}","$set":{"email":"${email}","name":"User ${index}","plan":"free"},`;
      } else if (special?.kind === 'second_identify' && anonB) {
        event = '$identify';
        extra = `"$anon_distinct_id":"${anonB}",`;
      } else if (special?.kind === 'funnel') {
        event = special.name;
        if (event === 'signed up') extra = `"signup_method":"${rng.pick(['email', 'google', 'github'])}",`;
        if (event === 'upgraded') extra = `"plan":"pro","$set":{"plan":"pro"},`;
        if (event === 'paid') extra = `"amount":${rng.pick([450, 900, 2400])},"currency":"USD",`;
      } else if (k > 0) {
        const custom = site.customEvent(rng, page);
        if (custom) {
          event = custom.event;
          extra = custom.properties;
        } else page = site.next(rng, page, identified || session.deviceB);
      }

      // Who sent it: the anonymous id until the $identify, the user id from then on.
      let distinctId: string;
      let eventPerson = personId;
      if (session.deviceB && anonB && personB) {
        if (event === '$identify') identifiedB = true;
        distinctId = identifiedB ? user : anonB;
        if (!identifiedB) eventPerson = personB;
      } else {
        if (event === '$identify') identified = true;
        distinctId = identified ? user : anon;
      }
      if (identified && s === signupSession && special?.kind === 'identify') page = '/app/home';
      const url = `${site.host}${page}`;
      let setOnce = '';
      if (distinctId === anon && firstAnonEvent) {
        firstAnonEvent = false;
        initialUrl = url;
        setOnce = `"$set_once":{"$initial_browser":"${device.browser}","$initial_os":"${device.os}","$initial_geoip_country_code":"${device.country}","$initial_current_url":"${url}"},`;
      } else if (distinctId === anonB && firstAnonBEvent) {
        firstAnonBEvent = false;
        firstBMs = ms;
      }
      const groups = distinctId === user && company ? `"$groups":{"company":"${company}"},` : '';
      events.push({
        tsUs: us,
        event,
        distinctId,
        personId: eventPerson,
        properties: `{"$current_url":"${url}","$pathname":"${page}",${extra}${setOnce}${groups}${common}}`,
        sessionId,
        windowId,
        group0: groups ? (company ?? '') : '',
      });
    }
  }

  const createdAtMs = Math.floor((events[0]?.tsUs ?? startMs * 1000) / 1000);
  const initial = `"$initial_browser":"${deviceA.browser}","$initial_os":"${deviceA.os}","$initial_geoip_country_code":"${deviceA.country}","$initial_current_url":"${initialUrl}"`;
  const persons: PersonReadRow[] = [
    {
      id: personId,
      properties: signs
        ? `{${initial},"email":"${email}","name":"User ${index}","plan":"${upgraded ? 'pro' : 'free'}"}`
        : `{${initial}}`,
      isIdentified: signs,
      createdAtMs,
      version: signs ? (upgraded ? 3 : 2) + (secondDevice ? 1 : 0) : 1,
      isDeleted: false,
    },
  ];
  const distinctIds: DistinctIdReadRow[] = [{ distinctId: anon, personId, version: 1 }];
  if (signs) distinctIds.push({ distinctId: user, personId, version: 1 });
  if (anonB && personB) {
    // The second device's person existed until its $identify merged it: both versions are written,
    // as ingestion does, and queries must read the latest.
    persons.push(
      {
        id: personB,
        properties: '{}',
        isIdentified: false,
        createdAtMs: firstBMs,
        version: 1,
        isDeleted: false,
      },
      {
        id: personB,
        properties: '{}',
        isIdentified: false,
        createdAtMs: firstBMs,
        version: 2,
        isDeleted: true,
      },
    );
    distinctIds.push(
      { distinctId: anonB, personId: personB, version: 1 },
      { distinctId: anonB, personId, version: 2 },
    );
  }
  return { events, persons, distinctIds, company };
}

/** A day of the person's active span, weekends less likely (rejection sampling). */
function sessionDay(rng: SeededRandom, profile: PersonProfile, startMs: number): number {
  for (;;) {
    const day = profile.arrivalDay + rng.int(profile.lastDay - profile.arrivalDay + 1);
    const weekday = new Date(startMs + day * DAY_MS).getUTCDay();
    const weight = weekday === 0 ? 0.5 : weekday === 6 ? 0.55 : 1;
    if (rng.next() < weight) return day;
  }
}

/** A session start on `day` at a local working hour of the device's country, within the data. */
function sessionStart(
  rng: SeededRandom,
  startMs: number,
  day: number,
  device: Device,
  endMs: number,
): number {
  const local = site.localHour(rng);
  const ms = startMs + day * DAY_MS + (local - device.utcOffsetHours) * HOUR_MS + rng.int(HOUR_MS);
  return Math.min(Math.max(ms, startMs), endMs - 2 * HOUR_MS - rng.int(6 * HOUR_MS));
}
