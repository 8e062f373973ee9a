import { uuidv7 } from '../../src/ids/uuid';

/** A seeded pseudo-random generator (mulberry32), so a failing order can be reproduced from its seed. */
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

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface StreamEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

/**
 * Capture events of a small product: anonymous browsing, sign-up (identify), property changes, an
 * alias, a login on a shared device (refused merge), an illegal id, a dangerous merge, groups (with
 * conflicting updates) and personless events.
 */
export function realisticCaptureStream(random: () => number, people = 10): StreamEvent[] {
  const events: StreamEvent[] = [];
  let t = Date.parse('2024-03-01T10:00:00Z');
  const at = () => {
    t += 1000 + Math.floor(random() * 60_000);
    return new Date(t).toISOString();
  };
  const push = (distinct_id: string, event: string, properties: Record<string, unknown> = {}) => {
    const timestamp = at();
    events.push({ uuid: uuidv7(Date.parse(timestamp)), event, distinct_id, timestamp, properties });
  };
  for (let p = 0; p < people; p++) {
    const anon = `anon-${p}`;
    const user = `user-${p}`;
    push(anon, '$pageview', { $process_person_profile: false, $current_url: '/' });
    push(anon, '$pageview', { $set_once: { $initial_referrer: random() < 0.5 ? 'google' : 'direct' } });
    push(user, '$identify', {
      $anon_distinct_id: anon,
      $set: { email: `${user}@example.com`, plan: 'free' },
    });
    push(user, 'upgraded', {
      $set: { plan: random() < 0.5 ? 'pro' : 'team' },
      $groups: { company: `co-${p % 3}` },
    });
    if (random() < 0.5) push(user, '$create_alias', { alias: `alias-${p}` });
    if (random() < 0.4) push(`alias-${p}`, 'used alias', { $set: { via_alias: true } });
    if (random() < 0.3) push(user, '$set', { $unset: ['plan'] });
  }
  push('user-1', '$identify', { $anon_distinct_id: 'anon-0' });
  push('user-2', '$identify', { $anon_distinct_id: 'anonymous' });
  push('user-3', '$merge_dangerously', { alias: 'user-4' });
  push('co-admin', '$groupidentify', {
    $group_type: 'company',
    $group_key: 'co-1',
    $group_set: { name: 'Co One' },
  });
  // Conflicting group updates: the latest by event time must win, whatever arrives last.
  for (let i = 0; i < 4; i++) {
    push('co-admin', '$groupidentify', {
      $group_type: 'company',
      $group_key: `co-${i % 3}`,
      $group_set: { tier: `tier-${i}`, seats: 10 * (i + 1) },
    });
  }
  return events;
}
