import type { Row } from '../../apps/server/src/event-store/event-store';
import type { FunnelCorrelationResult } from '../../apps/server/src/query/correlation/funnel-correlation-runner';
import type { FunnelStep } from '../../apps/server/src/query/funnels/funnels-runner';
import type { QueryBenchCase } from './query-bench-cases';
import { at, DAY, figures, PDI, PERSON, RANGE, startOfDay, TEAM } from './reference-sql';

/**
 * Twenty steps over the dataset's app events (some repeated, never twice in a row), from signing up
 * to paying and back to a dashboard: the cost of a long funnel.
 */
const TWENTY_STEPS = [
  'signed up',
  'insight viewed',
  'dashboard viewed',
  'insight created',
  'query ran',
  'search performed',
  'insight viewed',
  'dashboard viewed',
  'activated',
  'query ran',
  'insight viewed',
  'invited teammate',
  'dashboard viewed',
  'insight created',
  'query ran',
  'upgraded',
  'insight viewed',
  'file exported',
  'paid',
  'dashboard viewed',
] as const;

/** The funnel whose drop-offs the correlation explains. */
const CORRELATION_STEPS = ['signed up', 'paid'] as const;

/** PostHog's odds ratio with a prior of one, and its selection, written out for the reference. */
function handCorrelation(rows: Row[]): { name: string; s: number; f: number; odds: number }[] {
  const S = Number(rows[0]?.S ?? 0);
  const F = Number(rows[0]?.F ?? 0);
  if (S === 0 || F === 0) return [];
  const floor = Math.min(25, 0.02 * (S + F));
  const all = rows
    .map((r) => ({ name: String(r.name), s: Number(r.s), f: Number(r.f) }))
    .filter((r) => r.s + r.f >= floor)
    .map((r) => ({ ...r, odds: ((r.s + 1) * (F - r.f + 1)) / ((S - r.s + 1) * (r.f + 1)) }));
  const success = all.filter((r) => r.odds > 1).sort((a, b) => b.odds - a.odds);
  const failure = all.filter((r) => r.odds <= 1).sort((a, b) => a.odds - b.odds);
  return [...success.slice(0, 10), ...failure.slice(0, 10)];
}

/** The long funnel and the correlation cases, over the same 90 days as the other funnel. */
export function funnelCorrelationBenchCases(now: number): QueryBenchCase[] {
  const today = startOfDay(now);
  const last90 = { from: today - 90 * DAY, to: today + DAY - 1 };
  const window = 14 * DAY;
  return [
    {
      name: 'funnel 20 steps',
      query: {
        kind: 'FunnelsQuery',
        series: TWENTY_STEPS.map((event) => ({ kind: 'EventsNode', event })),
        dateRange: { date_from: '-90d' },
        funnelsFilter: { funnelWindowInterval: 14, funnelWindowIntervalUnit: 'day' },
      },
      // windowFunnel keeps, per level, the latest-started attempt that reached it, as PostHog's UDF
      // does; an event matching two steps that are never adjacent advances at most one attempt.
      reference: {
        sql: `
WITH ${PDI}
SELECT ${TWENTY_STEPS.map((_, i) => `countIf(level >= ${i + 1}) AS s${i + 1}`).join(', ')}
FROM (
  SELECT ${PERSON} AS person,
    windowFunnel({window_ms:UInt64})(toUInt64(toUnixTimestamp64Milli(e.timestamp)),
      ${TWENTY_STEPS.map((_, i) => `e.event = {step${i}:String}`).join(', ')}) AS level
  FROM hedgerow.events AS e
  LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
  WHERE e.team_id = {team_id:Int64} AND e.event IN {steps:Array(String)} AND ${RANGE}
  GROUP BY person
)`,
        params: {
          team_id: TEAM,
          window_ms: window,
          steps: [...new Set(TWENTY_STEPS)],
          ...Object.fromEntries(TWENTY_STEPS.map((s, i) => [`step${i}`, s])),
          from: at(last90.from),
          to: at(last90.to),
        },
      },
      ours: (results) => figures((results as FunnelStep[]).map((s) => [`${s.order}`, s.count] as const)),
      hand: (rows) => figures(TWENTY_STEPS.map((_, i) => [`${i}`, Number(rows[0]?.[`s${i + 1}`])] as const)),
    },
    {
      name: 'correlation events',
      targetMs: 3000,
      query: {
        kind: 'FunnelCorrelationQuery',
        source: {
          kind: 'FunnelsActorsQuery',
          source: {
            kind: 'FunnelsQuery',
            series: CORRELATION_STEPS.map((event) => ({ kind: 'EventsNode', event })),
            dateRange: { date_from: '-90d' },
            funnelsFilter: { funnelWindowInterval: 14, funnelWindowIntervalUnit: 'day' },
          },
        },
        funnelCorrelationType: 'events',
      },
      // A person signs up once in this dataset, so the funnel is: entered at their sign-up, converted
      // at their first payment within 14 days. Their other events strictly between entering and
      // converting (or the window closing) are counted per name, converters and drop-offs apart.
      reference: {
        sql: `
WITH ${PDI},
funnel AS (
  SELECT person, first,
    arrayFirst(t -> t >= first AND t <= first + {window_ms:Int64}, arraySort(paid)) AS paid_at,
    paid_at > 0 AS success,
    if(success, paid_at, first + {window_ms:Int64}) AS end
  FROM (
    SELECT ${PERSON} AS person, minIf(toUnixTimestamp64Milli(e.timestamp), e.event = {entry:String}) AS first,
      groupArrayIf(toUnixTimestamp64Milli(e.timestamp), e.event = {goal:String}) AS paid
    FROM hedgerow.events AS e
    LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
    WHERE e.team_id = {team_id:Int64} AND e.event IN {steps:Array(String)} AND ${RANGE}
    GROUP BY person
    HAVING countIf(e.event = {entry:String}) > 0
  )
),
totals AS (SELECT countIf(success) AS S, countIf(NOT success) AS F FROM funnel)
SELECT ev.name AS name, uniqExactIf(ev.person, f.success) AS s, uniqExactIf(ev.person, NOT f.success) AS f,
  any(totals.S) AS S, any(totals.F) AS F
FROM (
  SELECT ${PERSON} AS person, e.event AS name, toUnixTimestamp64Milli(e.timestamp) AS ts
  FROM hedgerow.events AS e
  LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
  WHERE e.team_id = {team_id:Int64} AND e.event NOT IN {steps:Array(String)} AND ${RANGE}
) AS ev
INNER JOIN funnel AS f ON f.person = ev.person
CROSS JOIN totals
WHERE ev.ts > f.first AND ev.ts < f.end
GROUP BY name`,
        params: {
          team_id: TEAM,
          window_ms: window,
          entry: CORRELATION_STEPS[0],
          goal: CORRELATION_STEPS[1],
          steps: [...CORRELATION_STEPS],
          from: at(last90.from),
          to: at(last90.to),
        },
      },
      ours: (results) =>
        figures(
          (results as FunnelCorrelationResult).events.flatMap((r) => [
            [`${r.event.event}|s`, r.success_count] as const,
            [`${r.event.event}|f`, r.failure_count] as const,
            [`${r.event.event}|odds`, Number(r.odds_ratio.toPrecision(12))] as const,
          ]),
        ),
      hand: (rows) =>
        figures(
          handCorrelation(rows).flatMap((r) => [
            [`${r.name}|s`, r.s] as const,
            [`${r.name}|f`, r.f] as const,
            [`${r.name}|odds`, Number(r.odds.toPrecision(12))] as const,
          ]),
        ),
    },
  ];
}
