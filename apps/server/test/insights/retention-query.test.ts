import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * RetentionQuery against a plain re-computation in JavaScript over random events (UTC), through
 * the HTTP API on chDB: recurring and first-time cohorts, different target and returning events,
 * cumulative, minimumOccurrences, days and weeks, and ranges of up to 64 periods (kept as bitmasks in
 * ClickHouse) and longer ones (kept as arrays), which must agree. Plus the 400s for what is refused.
 */

const DAY = 86_400_000;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface TestEvent {
  event: string;
  distinct_id: string;
  timestamp: string;
}

const rand = random(20_240_501);
const persons = Array.from({ length: 40 }, (_, i) => ({
  distinct_ids: i % 3 === 0 ? [`p${i}`, `p${i}-anon`] : [`p${i}`],
  properties: {},
}));
const owner = new Map(persons.flatMap((p) => p.distinct_ids.map((d) => [d, p.distinct_ids[0] as string])));
const firstDay = Date.parse('2024-02-20T00:00:00Z');
const events: TestEvent[] = [];
for (const person of persons) {
  const activeDays = 1 + Math.floor(rand() * 25);
  for (let i = 0; i < activeDays; i++) {
    const at = firstDay + Math.floor(rand() * 90 * DAY);
    const ids = person.distinct_ids;
    const distinct_id = ids[Math.floor(rand() * ids.length)] as string;
    events.push({ event: '$pageview', distinct_id, timestamp: new Date(at).toISOString() });
    if (rand() < 0.3) {
      events.push({ event: '$pageview', distinct_id, timestamp: new Date(at + 3_600_000).toISOString() });
    }
    if (rand() < 0.25) events.push({ event: 'purchase', distinct_id, timestamp: new Date(at).toISOString() });
  }
}

interface Case {
  /** The project's time zone; its weeks start on Monday. */
  timeZone: 'UTC' | 'America/New_York';
  period: 'Hour' | 'Day' | 'Week' | 'Month';
  from: string;
  /** Exclusive end, the start of the period after the one holding date_to. */
  end: string;
  intervals: number;
  target: string;
  returning: string;
  type: 'retention_recurring' | 'retention_first_time';
  cumulative: boolean;
  minimum: number;
}

/** Days since 1970-01-01 and months since year 0 of the local calendar date of an instant. */
function localCalendar(ms: number, timeZone: string): { day: number; month: number } {
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  for (const p of format.formatToParts(new Date(ms))) parts[p.type] = Number(p.value);
  const [y, m, d] = [parts.year ?? 0, parts.month ?? 0, parts.day ?? 0];
  return { day: Date.UTC(y, m - 1, d) / DAY, month: y * 12 + m - 1 };
}

/** The period of an instant, counted from the period starting at `from` (weeks start on Monday). */
function periodIndex(c: Case, from: number, ts: number): number {
  if (c.period === 'Hour') return Math.floor((ts - from) / 3_600_000);
  const at = localCalendar(ts, c.timeZone);
  const start = localCalendar(from, c.timeZone);
  if (c.period === 'Day') return at.day - start.day;
  if (c.period === 'Month') return at.month - start.month;
  const monday = at.day - ((at.day + 3) % 7); // 1970-01-01 was a Thursday
  return Math.floor((monday - start.day) / 7);
}

/** The retention counts computed directly from the events, period by period. */
function expectedCounts(c: Case): number[][] {
  const from = Date.parse(c.from);
  const end = Date.parse(c.end);
  const cohorts = periodIndex(c, from, end);
  const index = (ts: number) => periodIndex(c, from, ts);
  const starts = new Map<string, Set<number>>();
  const firstTarget = new Map<string, number>();
  const returnCounts = new Map<string, Map<number, number>>();
  for (const e of events) {
    const ts = Date.parse(e.timestamp);
    const who = owner.get(e.distinct_id) as string;
    if (ts >= end) continue;
    if (e.event === c.target) {
      firstTarget.set(who, Math.min(firstTarget.get(who) ?? Number.POSITIVE_INFINITY, ts));
      if (ts >= from) starts.set(who, (starts.get(who) ?? new Set()).add(index(ts)));
    }
    if (e.event === c.returning && ts >= from) {
      const counts = returnCounts.get(who) ?? new Map<number, number>();
      counts.set(index(ts), (counts.get(index(ts)) ?? 0) + 1);
      returnCounts.set(who, counts);
    }
  }
  const grid = Array.from({ length: cohorts }, () => new Array<number>(c.intervals).fill(0));
  for (const who of new Set(owner.values())) {
    let memberOf = [...(starts.get(who) ?? [])];
    if (c.type === 'retention_first_time') {
      const first = firstTarget.get(who);
      memberOf = first !== undefined && first >= from ? [index(first)] : [];
    }
    const returned = new Set(
      [...(returnCounts.get(who) ?? new Map<number, number>())]
        .filter(([, n]) => n >= c.minimum)
        .map(([p]) => p),
    );
    for (const p of memberOf) {
      const row = grid[p] as number[];
      const lags = [0, ...[...returned].map((r) => r - p).filter((k) => k > 0 && k < c.intervals)];
      const last = Math.max(...lags);
      for (let k = 0; k < c.intervals; k++) {
        if (c.cumulative ? k <= last : lags.includes(k)) row[k] = (row[k] ?? 0) + 1;
      }
    }
  }
  return grid;
}

describe('RetentionQuery', () => {
  let server: TestServer;
  let web: ApiClient;
  const projects = new Map<Case['timeZone'], number>();

  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    await web.signup('retention@example.com');
    for (const timeZone of ['UTC', 'America/New_York'] as const) {
      const project = await web.post<{ id: number; api_token: string }>('/api/projects/', {
        name: timeZone,
        timezone: timeZone,
        week_start_day: 1,
      });
      expect(project.status, JSON.stringify(project.body)).toBe(201);
      projects.set(timeZone, project.body.id);
      for (const person of persons) {
        const res = await web.post(`/api/projects/${project.body.id}/persons/`, person);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
      }
      const res = await fetch(`${server.url}/batch/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: project.body.api_token, historical_migration: true, batch: events }),
      });
      expect(res.status).toBe(200);
    }
    await server.container.ingestion.drained();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const run = (query: Record<string, unknown>, timeZone: Case['timeZone'] = 'UTC') =>
    web.post<{ results: { values: { count: number }[]; date: string }[]; attr?: string }>(
      `/api/projects/${projects.get(timeZone)}/query/`,
      { query: { kind: 'RetentionQuery', ...query }, refresh: true },
    );

  const cases: (Partial<Case> & { name: string; dateRange: Record<string, string> })[] = [
    { name: 'days, recurring', dateRange: { date_to: '2024-05-10' }, end: '2024-05-11', intervals: 14 },
    { name: 'days, cumulative', dateRange: { date_to: '2024-05-10' }, end: '2024-05-11', cumulative: true },
    {
      name: 'days, purchase then pageview, first time',
      dateRange: { date_to: '2024-05-10' },
      end: '2024-05-11',
      intervals: 20,
      target: 'purchase',
      type: 'retention_first_time',
    },
    {
      name: 'days, two pageviews to return',
      dateRange: { date_to: '2024-05-10' },
      end: '2024-05-11',
      minimum: 2,
    },
    {
      name: 'days over 80 cohorts (arrays), purchase then pageview',
      dateRange: { date_from: '2024-02-21', date_to: '2024-05-10' },
      from: '2024-02-21',
      end: '2024-05-11',
      target: 'purchase',
    },
    {
      name: 'days over 80 cohorts (arrays), cumulative first time',
      dateRange: { date_from: '2024-02-21', date_to: '2024-05-10' },
      from: '2024-02-21',
      end: '2024-05-11',
      type: 'retention_first_time',
      cumulative: true,
    },
    {
      name: 'hours, 64 cohorts (the most bitmasks hold), first time',
      period: 'Hour',
      dateRange: { date_from: '2024-02-20T00:00:00Z', date_to: '2024-02-22T15:00:00Z' },
      from: '2024-02-20T00:00:00Z',
      end: '2024-02-22T16:00:00Z',
      intervals: 30,
      type: 'retention_first_time',
    },
    {
      name: 'hours over 64 cohorts (arrays), recurring',
      period: 'Hour',
      dateRange: { date_from: '2024-04-01T00:00:00Z', date_to: '2024-04-03T23:00:00Z' },
      from: '2024-04-01T00:00:00Z',
      end: '2024-04-04T00:00:00Z',
      intervals: 30,
    },
    {
      name: 'weeks from Monday',
      period: 'Week',
      dateRange: { date_to: '2024-05-15' },
      from: '2024-03-11',
      end: '2024-05-20',
      intervals: 10,
    },
    {
      name: 'New York days across the DST change',
      timeZone: 'America/New_York',
      dateRange: { date_to: '2024-03-15' },
      from: '2024-03-06T00:00:00-05:00',
      end: '2024-03-16T00:00:00-04:00',
      intervals: 10,
    },
    {
      name: 'New York weeks from Monday, purchase then pageview',
      timeZone: 'America/New_York',
      period: 'Week',
      dateRange: { date_to: '2024-04-03' },
      from: '2024-02-26T00:00:00-05:00',
      end: '2024-04-08T00:00:00-04:00',
      intervals: 6,
      target: 'purchase',
    },
    {
      name: 'New York months',
      timeZone: 'America/New_York',
      period: 'Month',
      dateRange: { date_to: '2024-05-20' },
      from: '2024-02-01T00:00:00-05:00',
      end: '2024-06-01T00:00:00-04:00',
      intervals: 4,
    },
    {
      name: 'New York months, cumulative first time',
      timeZone: 'America/New_York',
      period: 'Month',
      dateRange: { date_to: '2024-05-20' },
      from: '2024-02-01T00:00:00-05:00',
      end: '2024-06-01T00:00:00-04:00',
      intervals: 4,
      type: 'retention_first_time',
      cumulative: true,
    },
  ];

  for (const spec of cases) {
    it(`matches a direct computation: ${spec.name}`, async () => {
      const c: Case = {
        timeZone: 'UTC',
        period: 'Day',
        intervals: 7,
        target: '$pageview',
        returning: '$pageview',
        type: 'retention_recurring',
        cumulative: false,
        minimum: 1,
        from: '',
        end: '',
        ...spec,
      };
      if (!c.from) c.from = new Date(Date.parse(c.end) - c.intervals * DAY).toISOString();
      const res = await run(
        {
          dateRange: spec.dateRange,
          retentionFilter: {
            period: c.period,
            totalIntervals: c.intervals,
            targetEntity: { id: c.target, type: 'events' },
            returningEntity: { id: c.returning, type: 'events' },
            retentionType: c.type,
            cumulative: c.cumulative,
            ...(c.minimum > 1 ? { minimumOccurrences: c.minimum } : {}),
          },
        },
        c.timeZone,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const expected = expectedCounts(c);
      expect(expected.flat().some((n) => n > 0)).toBe(true);
      expect(Date.parse(res.body.results[0]?.date ?? '')).toBe(Date.parse(c.from));
      expect(res.body.results.map((r) => r.values.map((v) => v.count))).toEqual(expected);
    });
  }

  it('refuses actions and unknown periods with a 400 naming the field', async () => {
    const action = await run({ retentionFilter: { targetEntity: { id: 1, type: 'actions' } } });
    expect(action.status).toBe(400);
    expect(action.body.attr).toBe('retentionFilter__targetEntity');
    const period = await run({ retentionFilter: { period: 'Fortnight' } });
    expect(period.status).toBe(400);
    expect(period.body.attr).toBe('query__retentionFilter__period');
  });
});
