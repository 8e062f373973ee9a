/**
 * Events for the insight builder's browser test (and for trying the builder by hand): 60 persons over
 * the 13 days before `now` (UTC), enough for every insight kind to show something.
 *
 * - Person `u<i>` signs up on day `i % 7` (day 0 is 13 days ago): a page view of `/`, one of
 *   `/pricing`, then `signup` (setting `browser`, `email` and `plan` on the person).
 * - Browsers: u0–u11 Firefox, u12–u23 Safari, the rest Chrome (also sent as the event's `$browser`).
 * - The planted cause: every Firefox user sees `error_shown` right after signing up, and only u0 of
 *   them goes on to buy. Of the others, all but every fourth (`i % 4 === 3`) view `/checkout` and
 *   `purchase` (with a numeric `price`): every fourth of them (`i % 4 === 2`) the next day, the rest
 *   8 to 48 minutes after signing up.
 * - Even-numbered persons come back with a page view of `/` every day after signing up; odd multiples
 *   of three every third day; the rest never return (retention, lifecycle and stickiness).
 */
export function insightSeedEvents(now: Date): Record<string, unknown>[] {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 13);
  const at = (day: number, hour: number, minute: number) =>
    new Date(start + day * 86_400_000 + (hour * 60 + minute) * 60_000).toISOString();
  const batch: Record<string, unknown>[] = [];
  for (let i = 0; i < 60; i++) {
    const browser = i < 12 ? 'Firefox' : i < 24 ? 'Safari' : 'Chrome';
    const firefox = browser === 'Firefox';
    const day = i % 7;
    const hour = 9 + (i % 8);
    const e = (event: string, d: number, minute: number, properties: Record<string, unknown> = {}) =>
      batch.push({
        event,
        distinct_id: `u${i}`,
        timestamp: at(d, hour, minute),
        properties: { $browser: browser, ...properties },
      });
    const page = (path: string, d: number, minute: number) =>
      e('$pageview', d, minute, { $current_url: `https://shop.example${path}`, $pathname: path });
    page('/', day, 0);
    page('/pricing', day, 2);
    e('signup', day, 4, {
      $set: { browser, email: `user${i}@example.com`, plan: i % 5 === 0 ? 'pro' : 'free' },
    });
    if (firefox) e('error_shown', day, 5);
    const converts = firefox ? i === 0 : i % 4 !== 3;
    if (converts) {
      // Some buy the next day; the rest after 8 to 48 minutes (time to convert has a spread).
      const later = i % 4 === 2 ? 1 : 0;
      page('/checkout', day + later, 6 + (i % 6) * 8);
      e('purchase', day + later, 8 + (i % 6) * 8, { price: 10 + (i % 5) * 10 });
    }
    const every = i % 2 === 0 ? 1 : i % 3 === 0 ? 3 : 0;
    if (every > 0) for (let d = day + every; d <= 12; d += every) page('/', d, 30);
  }
  return batch;
}
