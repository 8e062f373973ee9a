import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The conformance suite: every fixture in spec/insights/ through the HTTP API against chDB.
 * Fixtures of query kinds the server does not answer yet are listed as skipped, by name.
 *
 * Actions and cohorts. A fixture may declare
 *   "actions": [{"id": 1, "name": "Signed up", "steps": [...]}]
 *   "cohorts": [{"id": 1, "name": "Pros", "filters": {"properties": {...}}}
 *             | {"id": 2, "name": "Old form", "groups": [...]}
 *             | {"id": 3, "name": "Picked", "is_static": true, "distinct_ids": ["a", "b"]}]
 * They are created through the real APIs (POST /api/projects/:id/actions/ and …/cohorts/) after the
 * persons and events are loaded, actions first, then cohorts in the order listed (so a cohort may
 * only refer to cohorts listed before it). A static cohort's distinct ids are looked up with
 * GET …/persons/?distinct_id= and sent as `person_ids`; ids without a person are skipped.
 * Fixture ids are symbolic: the server assigns its own, and the suite rewrites every reference
 * before sending it (see resolveRefs): ActionsNode `id` (series, funnel steps and exclusions),
 * retention entities with `type: "actions"`, property filters and cohort criteria of type
 * `cohort`/`static-cohort`/`precalculated-cohort` (`value`), `breakdownFilter` with
 * `breakdown_type: "cohort"` (`breakdown`, a list or one id; `"all"` stays) and `breakdowns` items of
 * type cohort, behavioral criteria with `event_type`/`seq_event_type` `"actions"` (`key`/`seq_event`)
 * and legacy cohort groups' `action_id`. In `expected` (and `extra_cases[].expected`),
 * `{"$cohort": 1}` and `{"$action": 1}` stand for the server's id of fixture cohort/action 1.
 * `expected.series[].action` is compared as a subset (only the keys the fixture lists).
 */
const SPEC_DIR = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'spec', 'insights');
const SUPPORTED_KINDS = new Set([
  'FunnelCorrelationQuery',
  'TrendsQuery',
  'FunnelsQuery',
  'LifecycleQuery',
  'StickinessQuery',
  'PathsQuery',
  'RetentionQuery',
]);

interface Fixture {
  file: string;
  description?: string;
  team: {
    timezone: string;
    week_start_day: 0 | 1;
    test_account_filters: unknown[];
    path_cleaning_filters?: unknown[];
  };
  persons: { distinct_ids: string[]; properties: Record<string, unknown>; created_at?: string }[];
  events: { event: string; distinct_id: string; timestamp: string; properties?: Record<string, unknown> }[];
  actions?: { id: number; name: string; description?: string; steps: unknown[] }[];
  cohorts?: ({ id: number; name: string; description?: string } & (
    | { filters: unknown }
    | { groups: unknown[] }
    | { is_static: true; distinct_ids: string[] }
  ))[];
  query: { kind: string } & Record<string, unknown>;
  expected: Record<string, unknown>;
  extra_cases?: {
    query: { kind: string } & Record<string, unknown>;
    expected: Record<string, unknown>;
    team?: Fixture['team'];
    notes?: string;
  }[];
}

const fixtures: Fixture[] = fs
  .readdirSync(SPEC_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, ...JSON.parse(fs.readFileSync(path.join(SPEC_DIR, file), 'utf8')) }));

type Result = Record<string, unknown>;

/** The server's ids of a fixture's actions and cohorts, by fixture id. */
interface IdMaps {
  actions: Map<number, number>;
  cohorts: Map<number, number>;
}

const COHORT_FILTER_TYPES = new Set(['cohort', 'static-cohort', 'precalculated-cohort']);

function mapId(map: Map<number, number>, id: unknown, what: string): number {
  const mapped = map.get(Number(id));
  if (mapped === undefined)
    throw new Error(`fixture refers to ${what} ${JSON.stringify(id)}, which it does not declare`);
  return mapped;
}

/**
 * A copy of a query (or of an action's steps or a cohort's criteria) with fixture ids of actions and
 * cohorts replaced by the server's, wherever PostHog's shapes carry them.
 */
function resolveRefs(value: unknown, ids: IdMaps): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = resolveRefs(v, ids);
  const action = (id: unknown) => mapId(ids.actions, id, 'action');
  const cohort = (id: unknown) => (id === 'all' ? id : mapId(ids.cohorts, id, 'cohort'));
  if (out.kind === 'ActionsNode') out.id = action(out.id);
  // Retention entities (and PostHog's older entity shape).
  if (out.type === 'actions' && out.id !== undefined && out.id !== null) out.id = action(out.id);
  // Property filters and cohort criteria "in cohort value".
  if (typeof out.type === 'string' && COHORT_FILTER_TYPES.has(out.type) && out.value !== undefined)
    out.value = cohort(out.value);
  // Behavioral cohort criteria on actions.
  if (out.type === 'behavioral') {
    if (out.event_type === 'actions') out.key = action(out.key);
    if (out.seq_event_type === 'actions' && out.seq_event !== undefined && out.seq_event !== null)
      out.seq_event = action(out.seq_event);
  }
  // Legacy cohort groups.
  if (out.action_id !== undefined && out.action_id !== null) out.action_id = action(out.action_id);
  // Cohort breakdowns: one id, a list of ids, "all".
  if (out.breakdown_type === 'cohort' && out.breakdown !== undefined && out.breakdown !== null)
    out.breakdown = Array.isArray(out.breakdown) ? out.breakdown.map(cohort) : cohort(out.breakdown);
  if (Array.isArray(out.breakdowns))
    out.breakdowns = out.breakdowns.map((b: unknown) =>
      b !== null && typeof b === 'object' && (b as Result).type === 'cohort'
        ? { ...(b as Result), property: cohort((b as Result).property) }
        : b,
    );
  return out;
}

/** A copy of an expectation with `{"$cohort": n}` / `{"$action": n}` replaced by the server's ids. */
function resolvePlaceholders(value: unknown, ids: IdMaps): unknown {
  if (Array.isArray(value)) return value.map((v) => resolvePlaceholders(v, ids));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const record = value as Result;
  if (keys.length === 1 && keys[0] === '$cohort') return mapId(ids.cohorts, record.$cohort, 'cohort');
  if (keys.length === 1 && keys[0] === '$action') return mapId(ids.actions, record.$action, 'action');
  const out: Result = {};
  for (const [k, v] of Object.entries(record)) out[k] = resolvePlaceholders(v, ids);
  return out;
}

/** Compares one result with its expectation, key by key, as the fixture format defines. */
function expectResult(actual: Result | undefined, expected: Record<string, unknown>, where: string): void {
  expect(actual, where).toBeDefined();
  for (const [key, value] of Object.entries(expected)) {
    if (key === 'data' && value === null) {
      expect(
        actual?.data === undefined || (Array.isArray(actual?.data) && actual.data.length === 0),
        `${where}: data absent`,
      ).toBe(true);
      continue;
    }
    // A series' `action` (the series definition, with many keys) is compared on the listed keys only.
    if (key === 'action' && value !== null && typeof value === 'object') {
      expect(actual?.[key], `${where}: ${key}`).toMatchObject(value);
      continue;
    }
    expect(actual?.[key], `${where}: ${key}`).toEqual(value);
  }
}

/** Funnel expectations: steps, some steps, breakdowns, time to convert, or nobody in the funnel. */
function checkFunnel(results: unknown, expected: Record<string, unknown>, where: string): void {
  const steps = expected.steps as Record<string, unknown>[] | undefined;
  if (steps) {
    expect(Array.isArray(results) ? results.length : -1, `${where}: number of steps`).toBe(steps.length);
    for (const [i, exp] of steps.entries()) expectResult((results as Result[])[i], exp, `${where} step ${i}`);
  }
  const checked = expected.steps_checked as Record<string, number> | undefined;
  if (checked) {
    for (const [i, count] of Object.entries(checked))
      expect((results as Result[])[Number(i)]?.count, `${where} step ${i}`).toBe(count);
  }
  if (expected.empty_or_all_zero) {
    const list = results as Result[];
    expect(list.length === 0 || list.every((r) => r.count === 0), `${where}: empty funnel`).toBe(true);
  }
  const breakdowns = expected.breakdowns as
    | { breakdown_value: unknown; steps: Record<string, unknown>[] }[]
    | undefined;
  if (expected.num_breakdowns !== undefined)
    expect((results as unknown[]).length, `${where}: breakdowns`).toBe(expected.num_breakdowns);
  if (breakdowns) {
    const lists = results as Result[][];
    breakdowns.forEach((b, i) => {
      const list =
        expected.order_asserted === true
          ? lists[i]
          : lists.find((l) => JSON.stringify(l[0]?.breakdown_value) === JSON.stringify(b.breakdown_value));
      expect(
        list,
        `${where}: breakdown ${JSON.stringify(b.breakdown_value)} among ${JSON.stringify(lists.map((l) => l[0]?.breakdown_value))}`,
      ).toBeDefined();
      for (const [j, exp] of b.steps.entries()) {
        expectResult(list?.[j], exp, `${where} ${JSON.stringify(b.breakdown_value)} step ${j}`);
      }
    });
  }
  const ttc = expected.time_to_convert as Record<string, unknown> | undefined;
  if (ttc) expectResult(results as Result, ttc, `${where}: time to convert`);
}

/**
 * Retention expectations: the cohort rows in order (`rows`: `label`, `date` and `breakdown_value`
 * when given, `values` as counts, padded with zeros to the row's width, which must be the query's
 * `totalIntervals`) and the first row's `first_row_date`.
 */
function checkRetention(
  results: Result[],
  query: Record<string, unknown>,
  expected: Record<string, unknown>,
  where: string,
): void {
  if (expected.first_row_date !== undefined)
    expect(results[0]?.date, `${where}: first_row_date`).toBe(expected.first_row_date);
  const rows = expected.rows as ({ values?: number[] } & Record<string, unknown>)[] | undefined;
  if (!rows) return;
  expect(results.length, `${where}: number of rows`).toBe(rows.length);
  const filter = query.retentionFilter as { totalIntervals?: number } | undefined;
  const width = filter?.totalIntervals ?? 7;
  for (const [i, { values, ...rest }] of rows.entries()) {
    const actual = results[i];
    expectResult(actual, rest, `${where} row ${i}`);
    const counts = (actual?.values as { count: number }[] | undefined)?.map((v) => v.count);
    expect(counts?.length, `${where} row ${i}: width`).toBe(width);
    if (values) {
      const padded = [...values, ...new Array<number>(Math.max(0, width - values.length)).fill(0)];
      expect(counts, `${where} row ${i}: values`).toEqual(padded);
    }
  }
}

function checkSeries(results: Result[], expected: Record<string, unknown>, where: string): void {
  const series = expected.series as Record<string, unknown>[] | undefined;
  if (expected.num_series !== undefined)
    expect(results.length, `${where}: number of results`).toBe(expected.num_series);
  // `days` shared by every result (lifecycle fixtures list it once, at the top).
  if (expected.days !== undefined)
    for (const [i, r] of results.entries()) expect(r.days, `${where} [${i}]: days`).toEqual(expected.days);
  if (!series) return;
  const ordered = expected.order_asserted !== false;
  if (ordered) expect(results.length, `${where}: number of results`).toBe(series.length);
  series.forEach((exp, i) => {
    const match = ordered
      ? results[i]
      : // Matched on every identifying key the expectation lists (several series can share a
        // breakdown value, a compared series has a current and a previous result).
        results.find((r) =>
          (['breakdown_value', 'status', 'compare_label', 'label'] as const).every(
            (k) => exp[k] === undefined || JSON.stringify(r[k]) === JSON.stringify(exp[k]),
          ),
        );
    expectResult(match, exp, `${where} [${i}]`);
  });
}

/**
 * Correlation expectations: the rows in order (`events`, each compared on the keys given, `event`
 * being the row's name), odds ratios to 7 decimals as PostHog's tests assert them.
 */
function checkCorrelation(results: Result, expected: Record<string, unknown>, where: string): void {
  const rows = (results.events ?? []) as (Result & { event: { event: string } })[];
  const wanted = expected.events as (Record<string, unknown> & { event: string })[] | undefined;
  if (expected.skewed !== undefined) expect(results.skewed, `${where}: skewed`).toBe(expected.skewed);
  if (!wanted) return;
  expect(
    rows.map((r) => r.event.event),
    `${where}: correlation rows`,
  ).toEqual(wanted.map((w) => w.event));
  for (const [i, { event, odds_ratio, ...rest }] of wanted.entries()) {
    const row = rows[i];
    expect(row, `${where}: ${event}`).toMatchObject(rest);
    if (typeof odds_ratio === 'number')
      expect(row?.odds_ratio, `${where}: ${event} odds`).toBeCloseTo(odds_ratio, 7);
  }
}

/** Paths expectations: every edge in order (`links`), the first ones (`links_prefix`), how many. */
function checkPaths(results: Result[], expected: Record<string, unknown>, where: string): void {
  if (expected.num_links !== undefined)
    expect(results.length, `${where}: number of links`).toBe(expected.num_links);
  const links = (expected.links ?? expected.links_prefix) as Record<string, unknown>[] | undefined;
  if (!links) return;
  if (expected.links !== undefined) expect(results.length, `${where}: number of links`).toBe(links.length);
  for (const [i, exp] of links.entries()) expectResult(results[i], exp, `${where} link ${i}`);
}

describe('insight conformance (spec/insights)', () => {
  let server: TestServer;
  let web: ApiClient;
  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    await web.signup('conformance@example.com');
  });
  afterAll(async () => {
    await server?.destroy();
  });

  async function loadFixture(f: Fixture, team: Fixture['team']): Promise<{ projectId: number; ids: IdMaps }> {
    const project = await web.post<{ id: number; api_token: string }>('/api/projects/', {
      name: f.file,
      timezone: team.timezone,
      week_start_day: team.week_start_day,
      test_account_filters: team.test_account_filters,
      ...(team.path_cleaning_filters ? { path_cleaning_filters: team.path_cleaning_filters } : {}),
    });
    expect(project.status, JSON.stringify(project.body)).toBe(201);
    for (const person of f.persons) {
      const res = await web.post(`/api/projects/${project.body.id}/persons/`, {
        distinct_ids: person.distinct_ids,
        properties: person.properties,
        ...(person.created_at ? { created_at: person.created_at } : {}),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: project.body.api_token, historical_migration: true, batch: f.events }),
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();
    const ids = await createDefinitions(project.body.id, f);
    return { projectId: project.body.id, ids };
  }

  /** The fixture's actions, then its cohorts in order, created through the API (see the top). */
  async function createDefinitions(projectId: number, f: Fixture): Promise<IdMaps> {
    const ids: IdMaps = { actions: new Map(), cohorts: new Map() };
    for (const { id, ...action } of f.actions ?? []) {
      const res = await web.post<{ id: number }>(`/api/projects/${projectId}/actions/`, {
        ...action,
        steps: resolveRefs(action.steps, ids),
      });
      expect(res.status, `action ${id}: ${JSON.stringify(res.body)}`).toBe(201);
      ids.actions.set(id, res.body.id);
    }
    for (const { id, ...cohort } of f.cohorts ?? []) {
      let body: Record<string, unknown>;
      if ('distinct_ids' in cohort) {
        const { distinct_ids, ...rest } = cohort;
        const personIds: string[] = [];
        for (const distinctId of distinct_ids) {
          const found = await web.get<{ results: { id: string }[] }>(
            `/api/projects/${projectId}/persons/?distinct_id=${encodeURIComponent(distinctId)}`,
          );
          expect(found.status, JSON.stringify(found.body)).toBe(200);
          const person = found.body.results[0];
          if (person && !personIds.includes(person.id)) personIds.push(person.id);
        }
        body = { ...rest, person_ids: personIds };
      } else {
        body = resolveRefs(cohort, ids) as Record<string, unknown>;
      }
      const res = await web.post<{ id: number }>(`/api/projects/${projectId}/cohorts/`, body);
      expect(res.status, `cohort ${id}: ${JSON.stringify(res.body)}`).toBe(201);
      ids.cohorts.set(id, res.body.id);
    }
    // Member counts are recalculated in the background; let them settle so they do not race the queries.
    await server.container.cohortService.idle();
    return ids;
  }

  /** The fixture's name (first distinct id) of each actor behind a funnel step. */
  async function stepActors(
    projectId: number,
    f: Fixture,
    query: unknown,
    step: number,
    breakdown?: string,
  ): Promise<string[]> {
    const nameOf = new Map<string, string>();
    for (const p of f.persons) for (const id of p.distinct_ids) nameOf.set(id, p.distinct_ids[0] as string);
    const res = await web.post<{ results: [{ distinct_ids: string[] }, number][] }>(
      `/api/projects/${projectId}/query/`,
      {
        query: {
          kind: 'ActorsQuery',
          source: {
            kind: 'InsightActorsQuery',
            source: query,
            funnelStep: step,
            ...(breakdown !== undefined ? { funnelStepBreakdown: breakdown } : {}),
          },
          limit: 10_000,
        },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results
      .map(([actor]) => nameOf.get(actor.distinct_ids[0] ?? '') ?? actor.distinct_ids[0] ?? '?')
      .sort();
  }

  /** How many actors behind a correlation row (an event) converted or dropped off. */
  async function correlationActors(
    projectId: number,
    query: unknown,
    event: string,
    converted: boolean,
  ): Promise<number> {
    const res = await web.post<{ results: unknown[] }>(`/api/projects/${projectId}/query/`, {
      query: {
        kind: 'ActorsQuery',
        source: {
          kind: 'FunnelCorrelationActorsQuery',
          source: query,
          funnelCorrelationPersonConverted: converted,
          funnelCorrelationPersonEntity: { kind: 'EventsNode', event },
        },
        limit: 10_000,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results.length;
  }

  async function runQuery(projectId: number, query: unknown): Promise<Result[]> {
    const res = await web.post<{ results: Result[] }>(`/api/projects/${projectId}/query/`, {
      query,
      refresh: true,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.results;
  }

  for (const f of fixtures) {
    const cases = [
      { query: f.query, expected: f.expected, team: f.team, notes: 'main' },
      ...(f.extra_cases ?? []).map((c) => ({ ...c, team: c.team ?? f.team })),
    ];
    const runnable = cases.filter((c) => SUPPORTED_KINDS.has(c.query.kind));
    if (runnable.length === 0) {
      it.skip(`${f.file} (${f.query.kind} not supported yet)`, () => {});
      continue;
    }
    it(f.file, async () => {
      const projects = new Map<string, { projectId: number; ids: IdMaps }>();
      for (const [i, c] of runnable.entries()) {
        const teamKey = JSON.stringify(c.team);
        let loaded = projects.get(teamKey);
        if (loaded === undefined) {
          loaded = await loadFixture(f, c.team);
          projects.set(teamKey, loaded);
        }
        const { projectId, ids } = loaded;
        const query = resolveRefs(c.query, ids) as Fixture['query'];
        const expected = resolvePlaceholders(c.expected, ids) as Record<string, unknown>;
        const results = await runQuery(projectId, query);
        const where = `${f.file} case ${i} (${c.notes ?? ''})`;
        if (query.kind === 'FunnelsQuery') checkFunnel(results, expected, where);
        if (query.kind === 'RetentionQuery') checkRetention(results, query, expected, where);
        if (query.kind === 'PathsQuery') checkPaths(results, expected, where);
        if (query.kind === 'FunnelCorrelationQuery') {
          checkCorrelation(results as unknown as Result, expected, where);
          const counts = (expected.actors ?? {}) as Record<string, { success: number; failure: number }>;
          for (const [event, outcome] of Object.entries(counts)) {
            for (const converted of [true, false]) {
              expect(
                await correlationActors(projectId, query, event, converted),
                `${where}: ${event} ${converted ? 'converted' : 'dropped off'}`,
              ).toBe(converted ? outcome.success : outcome.failure);
            }
          }
          continue;
        }
        checkSeries(results, expected, where);
        const atStep = expected.actors_at_step as Record<string, string[]> | undefined;
        for (const [step, names] of Object.entries(atStep ?? {})) {
          expect(
            await stepActors(projectId, f, query, Number(step)),
            `${where}: actors at step ${step}`,
          ).toEqual([...names].sort());
        }
        const byValue = expected.actors as Record<string, Record<string, string[]>> | undefined;
        for (const [value, steps] of Object.entries(byValue ?? {})) {
          for (const [step, names] of Object.entries(steps)) {
            expect(
              await stepActors(projectId, f, query, Number(step), value),
              `${where}: ${value} step ${step}`,
            ).toEqual([...names].sort());
          }
        }
      }
    });
  }
});
