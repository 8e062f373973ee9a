import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The conformance suite: every fixture in spec/insights/ through the HTTP API against chDB.
 * Fixtures of query kinds the server does not answer yet are listed as skipped, by name.
 */
const SPEC_DIR = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'spec', 'insights');
const SUPPORTED_KINDS = new Set([
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
      expect(list, `${where}: breakdown ${JSON.stringify(b.breakdown_value)}`).toBeDefined();
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
      : results.find((r) =>
          exp.breakdown_value !== undefined
            ? JSON.stringify(r.breakdown_value) === JSON.stringify(exp.breakdown_value)
            : exp.status !== undefined
              ? r.status === exp.status
              : exp.compare_label !== undefined
                ? r.compare_label === exp.compare_label
                : r.label === exp.label,
        );
    expectResult(match, exp, `${where} [${i}]`);
  });
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

  async function loadFixture(f: Fixture, team: Fixture['team']): Promise<number> {
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
    return project.body.id;
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
      const projects = new Map<string, number>();
      for (const [i, c] of runnable.entries()) {
        const teamKey = JSON.stringify(c.team);
        let projectId = projects.get(teamKey);
        if (projectId === undefined) {
          projectId = await loadFixture(f, c.team);
          projects.set(teamKey, projectId);
        }
        const results = await runQuery(projectId, c.query);
        const where = `${f.file} case ${i} (${c.notes ?? ''})`;
        if (c.query.kind === 'FunnelsQuery') checkFunnel(results, c.expected, where);
        if (c.query.kind === 'RetentionQuery') checkRetention(results, c.query, c.expected, where);
        if (c.query.kind === 'PathsQuery') checkPaths(results, c.expected, where);
        checkSeries(results, c.expected, where);
        const atStep = c.expected.actors_at_step as Record<string, string[]> | undefined;
        for (const [step, names] of Object.entries(atStep ?? {})) {
          expect(
            await stepActors(projectId, f, c.query, Number(step)),
            `${where}: actors at step ${step}`,
          ).toEqual([...names].sort());
        }
        const byValue = c.expected.actors as Record<string, Record<string, string[]>> | undefined;
        for (const [value, steps] of Object.entries(byValue ?? {})) {
          for (const [step, names] of Object.entries(steps)) {
            expect(
              await stepActors(projectId, f, c.query, Number(step), value),
              `${where}: ${value} step ${step}`,
            ).toEqual([...names].sort());
          }
        }
      }
    });
  }
});
