import type { BoundQuery, Row } from '../../apps/server/src/event-store/event-store';
import type { FunnelStep } from '../../apps/server/src/query/funnels/funnels-runner';
import type { LifecycleResult } from '../../apps/server/src/query/lifecycle/lifecycle-runner';
import type { PathsLink } from '../../apps/server/src/query/paths/paths-runner';
import type { RetentionRow } from '../../apps/server/src/query/retention/retention-runner';
import type { StickinessResult } from '../../apps/server/src/query/stickiness/stickiness-runner';
import type { TrendsResult } from '../../apps/server/src/query/trends/trends-runner';
import { funnelCorrelationBenchCases } from './query-bench-funnel-cases';
import { at, DAY, type Figures, figures, PDI, PERSON, RANGE, startOfDay, TEAM } from './reference-sql';
import { FUNNEL_STEPS } from './site-catalog';

export type { Figures } from './reference-sql';

export interface QueryBenchCase {
  name: string;
  /** The insight query, as a client sends it (parsed by the query schema before it runs). */
  query: Record<string, unknown>;
  /**
   * THE REFERENCE: hand-written, idiomatic ClickHouse SQL computing the same numbers on the same
   * data, as someone who knows ClickHouse would write it for this one question. Plain SQL text on
   * purpose (values are still bound); it is the yardstick, not product code.
   */
  reference: BoundQuery;
  ours: (results: unknown) => Figures;
  hand: (rows: Row[]) => Figures;
  /** Most the median may take, in ms, besides the ratio target (the funnel's 1 s). */
  targetMs?: number;
}

const BREAKDOWN_NULL = '$$_posthog_breakdown_null_$$';

function trendsFigures(results: unknown): Figures {
  return figures(
    (results as TrendsResult[]).flatMap((r) =>
      (r.data ?? []).map((v, i) => [`${r.days[i]}|${r.breakdown_value ?? ''}`, v] as const),
    ),
  );
}

function rowFigures(rows: Row[], key: (row: Row) => string, value = 'n'): Figures {
  return figures(rows.map((r) => [key(r), Number(r[value])] as const));
}

/**
 * The insights measured, over the dataset that ends at `now` (the data is in UTC, and so is the
 * project). Ranges are what PostHog's relative dates resolve to, computed here for the reference.
 */
export function queryBenchCases(now: number): QueryBenchCase[] {
  const today = startOfDay(now);
  const endOfToday = today + DAY - 1;
  const last90 = { from: today - 90 * DAY, to: endOfToday };
  const last30 = { from: today - 30 * DAY, to: endOfToday };
  const pageview = '$pageview';

  return [
    {
      name: 'trends total',
      query: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: pageview }],
        interval: 'day',
        dateRange: { date_from: '-90d' },
      },
      reference: {
        sql: `
SELECT toDate(e.timestamp) AS day, count() AS n
FROM hedgerow.events AS e
WHERE e.team_id = {team_id:Int64} AND e.event = {event:String} AND ${RANGE}
GROUP BY day`,
        params: { team_id: TEAM, event: pageview, from: at(last90.from), to: at(last90.to) },
      },
      ours: trendsFigures,
      hand: (rows) => rowFigures(rows, (r) => `${r.day}|`),
    },
    {
      name: 'trends dau',
      query: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: pageview, math: 'dau' }],
        interval: 'day',
        dateRange: { date_from: '-90d' },
      },
      // Each event mapped to its person (collapsing distinct ids per day before the join was measured
      // slower here: 1.0 s against 0.8 s).
      reference: {
        sql: `
WITH ${PDI}
SELECT toDate(e.timestamp) AS day, uniqExact(${PERSON}) AS n
FROM hedgerow.events AS e
LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
WHERE e.team_id = {team_id:Int64} AND e.event = {event:String} AND ${RANGE}
GROUP BY day`,
        params: { team_id: TEAM, event: pageview, from: at(last90.from), to: at(last90.to) },
      },
      ours: trendsFigures,
      hand: (rows) => rowFigures(rows, (r) => `${r.day}|`),
    },
    {
      name: 'trends breakdown $browser',
      query: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: pageview }],
        interval: 'day',
        dateRange: { date_from: '-90d' },
        breakdownFilter: { breakdown_type: 'event', breakdown: '$browser' },
      },
      // One scan; the top 25 values are ranked over the grouped rows (the rest would become Other).
      reference: {
        sql: `
SELECT day, if(rank <= 25, browser, '$$_posthog_breakdown_other_$$') AS browser, sum(n) AS n
FROM (
  SELECT day, browser, n, dense_rank() OVER (ORDER BY total DESC, browser) AS rank
  FROM (
    SELECT day, browser, n, sum(n) OVER (PARTITION BY browser) AS total
    FROM (
      SELECT toDate(e.timestamp) AS day, JSONExtractString(e.properties, {key:String}) AS browser, count() AS n
      FROM hedgerow.events AS e
      WHERE e.team_id = {team_id:Int64} AND e.event = {event:String} AND ${RANGE}
      GROUP BY day, browser
    )
  )
)
GROUP BY day, browser`,
        params: {
          team_id: TEAM,
          event: pageview,
          key: '$browser',
          from: at(last90.from),
          to: at(last90.to),
        },
      },
      ours: trendsFigures,
      // Every page view has a $browser; a missing one would be '' here and the null sentinel in ours.
      hand: (rows) => rowFigures(rows, (r) => `${r.day}|${r.browser === '' ? BREAKDOWN_NULL : r.browser}`),
    },
    {
      name: 'trends weekly_active',
      query: {
        kind: 'TrendsQuery',
        series: [{ kind: 'EventsNode', event: pageview, math: 'weekly_active' }],
        interval: 'day',
        dateRange: { date_from: '-30d' },
      },
      // Each (person, active day) counts for that day and the six after it; distinct ids are collapsed
      // per day before they are mapped to persons (measured faster here than mapping every event).
      reference: {
        sql: `
WITH ${PDI}
SELECT day, uniqExact(person) AS n
FROM (
  SELECT ${PERSON} AS person, active_day
  FROM (
    SELECT toDate(timestamp) AS active_day, distinct_id, person_id
    FROM hedgerow.events AS e
    WHERE e.team_id = {team_id:Int64} AND e.event = {event:String}
      AND e.timestamp >= {lookback:DateTime64(6, 'UTC')} AND e.timestamp <= {to:DateTime64(6, 'UTC')}
    GROUP BY active_day, distinct_id, person_id
  ) AS e
  LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
  GROUP BY person, active_day
)
ARRAY JOIN arrayMap(k -> active_day + k, range(7)) AS day
WHERE day >= toDate({from:DateTime64(6, 'UTC')}) AND day <= toDate({to:DateTime64(6, 'UTC')})
GROUP BY day`,
        params: {
          team_id: TEAM,
          event: pageview,
          lookback: at(last30.from - 6 * DAY),
          from: at(last30.from),
          to: at(last30.to),
        },
      },
      ours: trendsFigures,
      hand: (rows) => rowFigures(rows, (r) => `${r.day}|`),
    },
    {
      name: 'funnel 5 steps by $browser',
      targetMs: 1000,
      query: {
        kind: 'FunnelsQuery',
        series: FUNNEL_STEPS.map((event) => ({ kind: 'EventsNode', event })),
        dateRange: { date_from: '-90d' },
        funnelsFilter: {
          funnelOrderType: 'ordered',
          funnelWindowInterval: 14,
          funnelWindowIntervalUnit: 'day',
        },
        breakdownFilter: { breakdown_type: 'event', breakdown: '$browser' },
      },
      // windowFunnel gives each person's deepest step within 14 days of a first step (the dataset's
      // events of a person never share a millisecond, where the two could differ); the breakdown
      // value is the person's first non-empty $browser among the funnel's events (first touch).
      // Fewer than 25 browsers, so no Other row to rank.
      reference: {
        sql: `
WITH ${PDI}
SELECT bv, ${FUNNEL_STEPS.map((_, i) => `countIf(level >= ${i + 1}) AS s${i + 1}`).join(', ')}
FROM (
  SELECT person,
    windowFunnel({window_ms:UInt64})(ts, ${FUNNEL_STEPS.map((_, i) => `event = {step${i}:String}`).join(', ')}) AS level,
    argMinIf(bv, ts, bv != '') AS bv
  FROM (
    SELECT ${PERSON} AS person, toUInt64(toUnixTimestamp64Milli(e.timestamp)) AS ts, e.event AS event,
      JSONExtractString(e.properties, {key:String}) AS bv
    FROM hedgerow.events AS e
    LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
    WHERE e.team_id = {team_id:Int64} AND e.event IN {steps:Array(String)} AND ${RANGE}
  )
  GROUP BY person
)
GROUP BY bv
HAVING s1 > 0`,
        params: {
          team_id: TEAM,
          window_ms: 14 * DAY,
          steps: [...FUNNEL_STEPS],
          ...Object.fromEntries(FUNNEL_STEPS.map((s, i) => [`step${i}`, s])),
          key: '$browser',
          from: at(last90.from),
          to: at(last90.to),
        },
      },
      ours: (results) =>
        figures(
          (results as FunnelStep[][]).flatMap((steps) =>
            steps.map((s) => [`${String(s.breakdown_value)}|${s.order}`, s.count] as const),
          ),
        ),
      hand: (rows) =>
        figures(
          rows.flatMap((r) => FUNNEL_STEPS.map((_, i) => [`${r.bv}|${i}`, Number(r[`s${i + 1}`])] as const)),
        ),
    },
    {
      name: 'retention day × 30',
      query: {
        kind: 'RetentionQuery',
        retentionFilter: {
          period: 'Day',
          totalIntervals: 30,
          retentionType: 'retention_recurring',
          targetEntity: { id: pageview, type: 'events' },
          returningEntity: { id: pageview, type: 'events' },
        },
      },
      // Per person the days (0 = first cohort) with a page view; every such day is a cohort, and each
      // later day within 30 a return.
      reference: {
        sql: `
WITH ${PDI}
SELECT cohort, lag, count() AS n
FROM (
  SELECT ${PERSON} AS person, groupUniqArray(toUInt16(toDate(e.timestamp) - toDate({from:DateTime64(6, 'UTC')}))) AS days
  FROM hedgerow.events AS e
  LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
  WHERE e.team_id = {team_id:Int64} AND e.event = {event:String}
    AND e.timestamp >= {from:DateTime64(6, 'UTC')} AND e.timestamp < {end:DateTime64(6, 'UTC')}
  GROUP BY person
)
ARRAY JOIN days AS cohort
ARRAY JOIN arrayMap(d -> d - cohort, arrayFilter(d -> d >= cohort AND d - cohort < 30, days)) AS lag
GROUP BY cohort, lag`,
        params: { team_id: TEAM, event: pageview, from: at(today - 29 * DAY), end: at(today + DAY) },
      },
      ours: (results) =>
        figures(
          (results as RetentionRow[]).flatMap((row, p) =>
            row.values.map((v, k) => [`${p}|${k}`, v.count] as const),
          ),
        ),
      hand: (rows) => rowFigures(rows, (r) => `${r.cohort}|${r.lag}`),
    },
    {
      name: 'lifecycle',
      query: {
        kind: 'LifecycleQuery',
        series: [{ kind: 'EventsNode', event: pageview }],
        interval: 'day',
        dateRange: { date_from: '-30d' },
      },
      // Active days per person (from the day before the range), then window functions over them:
      // new (first day seen, on the day the person was created), returning (active the day before),
      // resurrecting (otherwise), and dormant the day after an active day not followed by activity.
      // Persons are joined once per person, after grouping; personless events are left out.
      reference: {
        sql: `
WITH ${PDI},
  created AS (
    SELECT id, argMax(created_at, version) AS created_at
    FROM hedgerow.persons
    WHERE team_id = {team_id:Int64}
    GROUP BY id
    HAVING argMax(is_deleted, version) = 0
  ),
  active AS (
    SELECT ${PERSON} AS person, toDate(e.timestamp) AS day
    FROM hedgerow.events AS e
    LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
    WHERE e.team_id = {team_id:Int64} AND e.event = {event:String}
      AND e.timestamp >= {lookback:DateTime64(6, 'UTC')} AND e.timestamp < {end:DateTime64(6, 'UTC')}
      AND JSONExtractRaw(e.properties, '$process_person_profile') NOT IN ('false', '"false"')
    GROUP BY person, day
  )
SELECT toString(pair.1) AS bucket, pair.2 AS status, count() AS n
FROM (
  SELECT a.day AS day, toDate(c.created_at) AS created_day,
    row_number() OVER w AS rn, lagInFrame(a.day) OVER w AS prev_day, leadInFrame(a.day) OVER w AS next_day
  FROM active AS a
  LEFT JOIN created AS c ON c.id = a.person
  WINDOW w AS (PARTITION BY a.person ORDER BY a.day ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
ARRAY JOIN [
  (day, if(rn = 1 AND day = created_day, 'new', if(rn > 1 AND prev_day = day - 1, 'returning', 'resurrecting'))),
  (day + 1, if(next_day = day + 1, '', 'dormant'))
] AS pair
WHERE pair.2 != '' AND pair.1 >= toDate({from:DateTime64(6, 'UTC')}) AND pair.1 <= toDate({to:DateTime64(6, 'UTC')})
GROUP BY bucket, status`,
        params: {
          team_id: TEAM,
          event: pageview,
          lookback: at(last30.from - DAY),
          end: at(today + DAY),
          from: at(last30.from),
          to: at(last30.to),
        },
      },
      ours: (results) =>
        figures(
          (results as LifecycleResult[]).flatMap((r) =>
            r.data.map((v, i) => [`${r.days[i]}|${r.status}`, Math.abs(v)] as const),
          ),
        ),
      hand: (rows) => rowFigures(rows, (r) => `${r.bucket}|${r.status}`),
    },
    {
      name: 'stickiness',
      query: {
        kind: 'StickinessQuery',
        series: [{ kind: 'EventsNode', event: pageview }],
        interval: 'day',
        dateRange: { date_from: '-30d' },
      },
      reference: {
        sql: `
WITH ${PDI}
SELECT days, count() AS n
FROM (
  SELECT ${PERSON} AS person, uniqExact(toDate(e.timestamp)) AS days
  FROM hedgerow.events AS e
  LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
  WHERE e.team_id = {team_id:Int64} AND e.event = {event:String} AND ${RANGE}
  GROUP BY person
)
GROUP BY days`,
        params: { team_id: TEAM, event: pageview, from: at(last30.from), to: at(last30.to) },
      },
      ours: (results) =>
        figures(
          (results as StickinessResult[]).flatMap((r) => r.data.map((v, i) => [`${i + 1}`, v] as const)),
        ),
      hand: (rows) => rowFigures(rows, (r) => `${r.days}`),
    },
    {
      name: 'paths $pageview',
      query: {
        kind: 'PathsQuery',
        pathsFilter: { includeEventTypes: ['$pageview'], stepLimit: 5 },
        dateRange: { date_from: '-30d' },
      },
      // Per person the page views in time order, split into sessions at gaps of 30 minutes, runs of
      // one URL kept at their last view, the first five steps, and their consecutive pairs.
      reference: {
        sql: `
WITH ${PDI}
SELECT edge.1 AS source, edge.2 AS target, count() AS value, avg(edge.3) AS avg_us
FROM (
  SELECT arraySlice(arrayFilter((x, k) -> k, items, keep), 1, 5) AS path,
    arraySlice(arrayFilter((x, k) -> k, times, keep), 1, 5) AS path_times
  FROM (
    SELECT arrayMap(x -> x.3, session) AS items, arrayMap(x -> x.1, session) AS times,
      arrayMap((a, b) -> a != b, items, arrayPopFront(arrayPushBack(items, ''))) AS keep
    FROM (
      SELECT arraySort(groupArray((ts, uuid, url))) AS evs
      FROM (
        SELECT ${PERSON} AS person, toUnixTimestamp64Micro(e.timestamp) AS ts, e.uuid AS uuid,
          replaceRegexpAll(JSONExtractString(e.properties, '$current_url'), '(.)/$', '\\\\1') AS url
        FROM hedgerow.events AS e
        LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
        WHERE e.team_id = {team_id:Int64} AND e.event = {event:String} AND ${RANGE}
      )
      GROUP BY person
    )
    ARRAY JOIN arraySplit((x, gap) -> gap, evs,
      arrayMap(d -> d >= 1800000000, arrayDifference(arrayMap(x -> x.1, evs)))) AS session
  )
)
ARRAY JOIN arrayMap(i -> (concat(toString(i), '_', path[i]), concat(toString(i + 1), '_', path[i + 1]),
  path_times[i + 1] - path_times[i]), range(1, length(path))) AS edge
GROUP BY source, target
ORDER BY value DESC, source, target
LIMIT 50`,
        params: { team_id: TEAM, event: pageview, from: at(last30.from), to: at(last30.to) },
      },
      ours: (results) =>
        figures(
          (results as PathsLink[]).flatMap((l) => [
            [`${l.source} → ${l.target}`, l.value] as const,
            [`${l.source} → ${l.target} avg ms`, l.average_conversion_time] as const,
          ]),
        ),
      hand: (rows) =>
        figures(
          reachable(rows).flatMap((r) => [
            [`${r.source} → ${r.target}`, Number(r.value)] as const,
            [`${r.source} → ${r.target} avg ms`, Number(r.avg_us) / 1000] as const,
          ]),
        ),
    },
    {
      name: 'events list',
      query: {
        kind: 'EventsQuery',
        select: ['*', 'event', 'properties.$current_url', 'timestamp'],
        properties: [{ type: 'event', key: '$browser', operator: 'exact', value: 'Safari' }],
        orderBy: ['timestamp DESC'],
        after: '-24h',
        limit: 100,
      },
      // The newest 101 matching events first, then their persons: only those rows are joined.
      reference: {
        sql: `
WITH ${PDI}
SELECT toString(e.uuid) AS uuid, ${PERSON} AS person
FROM (
  SELECT uuid, distinct_id, person_id, timestamp
  FROM hedgerow.events AS e
  WHERE e.team_id = {team_id:Int64} AND ${RANGE} AND JSONExtractString(e.properties, {key:String}) = {value:String}
  ORDER BY e.timestamp DESC
  LIMIT 101
) AS e
LEFT JOIN pdi ON pdi.distinct_id = e.distinct_id
ORDER BY e.timestamp DESC`,
        params: {
          team_id: TEAM,
          key: '$browser',
          value: 'Safari',
          from: at(now - DAY),
          to: at(now + 5_000),
        },
      },
      ours: (results) => {
        const rows = results as [{ uuid: string; person_id: string }, ...unknown[]][];
        return figures(
          rows.flatMap(([e], i) => [[`${i} uuid`, e.uuid] as const, [`${i} person`, e.person_id] as const]),
        );
      },
      hand: (rows) =>
        figures(
          rows
            .slice(0, 100)
            .flatMap((r, i) => [
              [`${i} uuid`, String(r.uuid)] as const,
              [`${i} person`, String(r.person)] as const,
            ]),
        ),
    },
    ...funnelCorrelationBenchCases(now),
  ];
}

/** PostHog drops edges that no first-step node leads to (applied after the limit, as the runner does). */
function reachable(rows: Row[]): Row[] {
  const seen = new Set<string>();
  for (const r of rows) if (String(r.source).startsWith('1_')) seen.add(String(r.source));
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) {
      if (seen.has(String(r.source)) && !seen.has(String(r.target))) {
        seen.add(String(r.target));
        grew = true;
      }
    }
  }
  return rows.filter((r) => seen.has(String(r.source)));
}
