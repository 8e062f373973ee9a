import { createHash } from 'node:crypto';
import type { AnyQuery, PropertyFilterNode } from '@hedgerow/schema';
import type { EventStore, Row } from '../event-store/event-store';
import { EventStoreError } from '../event-store/event-store-error';
import type { Project } from '../features/projects/project-repository';
import { ApiError, invalidInput } from '../http/api-error';
import { runActorsQuery } from './actors/actors-runner';
import { inCohort } from './cohorts/cohort-members';
import { runFunnelCorrelationQuery } from './correlation/funnel-correlation-runner';
import { NO_DEFINITIONS, type QueryDefinitions } from './definitions/query-definitions';
import { runEventsQuery } from './events/events-query-runner';
import { runFunnelsQuery } from './funnels/funnels-runner';
import { runLifecycleQuery } from './lifecycle/lifecycle-runner';
import { runPathsQuery } from './paths/paths-runner';
import type { QueryContext } from './query-context';
import { runRetentionQuery } from './retention/retention-runner';
import { runSql } from './run-sql';
import type { Select, Union } from './sql/sql-ast';
import { alias, fn, select, table } from './sql/sql-builders';
import { runStickinessQuery } from './stickiness/stickiness-runner';
import { runTrendsQuery } from './trends/trends-runner';

export interface QueryResponse {
  results: unknown;
  columns?: string[];
  types?: string[];
  hasMore?: boolean;
  timezone: string;
  is_cached: boolean;
  last_refresh: string;
  cache_key: string;
  query_status: null;
}

export interface QueryOptions {
  /** Recompute even if a cached result exists. */
  refresh: boolean;
  /** The caller's id for this run, so that it can be cancelled. */
  clientQueryId?: string;
}

interface CacheEntry {
  response: QueryResponse;
  dataVersion: number;
  computedAt: number;
}

const CACHE_MAX_AGE_MS = 10 * 60_000;
const CACHE_MAX_ENTRIES = 2000;

/**
 * Runs insight queries for a project: builds the query context (time zone, week start, test-account
 * filters, scoped SQL execution), dispatches on `kind`, and caches results. A cached result is reused
 * while no event of the project was ingested since and for at most ten minutes (relative date ranges
 * move with time); `refresh` recomputes. Every statement has a time limit, and a running query can be
 * cancelled by its client query id.
 */
export class QueryService {
  readonly #cache = new Map<string, CacheEntry>();
  readonly #dataVersions = new Map<number, number>();
  readonly #running = new Map<string, AbortController>();

  constructor(
    private readonly deps: {
      eventStore: EventStore;
      timeoutMs: number;
      /** The project's actions and cohorts, read for every query (they are few and small). */
      loadDefinitions?: (teamId: number) => Promise<QueryDefinitions>;
      now?: () => number;
    },
  ) {}

  /** Called by ingestion after a project's events were written, so its cached results go stale. */
  noteDataChanged(teamId: number): void {
    this.#dataVersions.set(teamId, (this.#dataVersions.get(teamId) ?? 0) + 1);
  }

  /** Cancels a running query; false when no query with that id is running. */
  cancel(teamId: number, clientQueryId: string): boolean {
    const key = `${teamId}:${clientQueryId}`;
    const controller = this.#running.get(key);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  async run(project: Project, query: AnyQuery, options: QueryOptions): Promise<QueryResponse> {
    const definitions = await this.definitions(project.id);
    // Editing an action or a cohort changes the answers of the insights that use them.
    const cacheKey = createHash('sha256')
      .update(
        JSON.stringify([
          project.id,
          project.timezone,
          project.week_start_day,
          project.test_account_filters,
          project.path_cleaning_filters,
          [...definitions.actions.values()],
          [...definitions.cohorts.values()],
          query,
        ]),
      )
      .digest('hex')
      .slice(0, 32);
    const dataVersion = this.#dataVersions.get(project.id) ?? 0;
    const now = (this.deps.now ?? Date.now)();
    const cached = this.#cache.get(cacheKey);
    if (
      !options.refresh &&
      cached &&
      cached.dataVersion === dataVersion &&
      now - cached.computedAt < CACHE_MAX_AGE_MS
    ) {
      return { ...cached.response, is_cached: true };
    }

    const controller = new AbortController();
    const runKey = options.clientQueryId ? `${project.id}:${options.clientQueryId}` : null;
    if (runKey) this.#running.set(runKey, controller);
    try {
      const ctx = this.#context(project, definitions, now, controller.signal);
      const response: QueryResponse = {
        ...(await this.#dispatch(query, ctx)),
        timezone: project.timezone,
        is_cached: false,
        last_refresh: new Date(now).toISOString(),
        cache_key: cacheKey,
        query_status: null,
      };
      if (this.#cache.size >= CACHE_MAX_ENTRIES)
        this.#cache.delete(this.#cache.keys().next().value as string);
      this.#cache.set(cacheKey, { response, dataVersion, computedAt: now });
      return response;
    } catch (error) {
      throw this.#apiError(error, controller.signal);
    } finally {
      if (runKey) this.#running.delete(runKey);
    }
  }

  /**
   * Runs work of the query layer outside an insight (counting a cohort's members, checking that new
   * criteria compile) with a query's context, limits and error mapping; `definitions` replaces the
   * project's stored ones (e.g. to try a cohort before saving it).
   */
  async evaluate<T>(
    project: Project,
    work: (ctx: QueryContext) => Promise<T>,
    options: { definitions?: QueryDefinitions } = {},
  ): Promise<T> {
    const definitions = options.definitions ?? (await this.definitions(project.id));
    const controller = new AbortController();
    try {
      return await work(
        this.#context(project, definitions, (this.deps.now ?? Date.now)(), controller.signal),
      );
    } catch (error) {
      throw this.#apiError(error, controller.signal);
    }
  }

  /** The project's stored actions and cohorts. */
  async definitions(teamId: number): Promise<QueryDefinitions> {
    return (await this.deps.loadDefinitions?.(teamId)) ?? NO_DEFINITIONS;
  }

  /** An engine error as the API reports it: cancelled (499), too slow (504), or refused input (400). */
  #apiError(error: unknown, signal: AbortSignal): unknown {
    if (error instanceof EventStoreError && error.kind === 'timeout') {
      return signal.aborted
        ? new ApiError(499, 'invalid_request', 'query_cancelled', 'The query was cancelled.')
        : new ApiError(
            504,
            'server_error',
            'query_timeout',
            `The query took longer than ${Math.round(this.deps.timeoutMs / 1000)} s and was stopped. Narrow the date range or filters.`,
          );
    }
    if (error instanceof EventStoreError && (error.kind === 'query' || error.kind === 'syntax')) {
      // Most are bad user input that reached the engine (an invalid regex, say); show the engine's reason.
      return invalidInput(
        `The query could not run: ${error.message.replace(/^Code: \d+\. DB::Exception: /, '').slice(0, 300)}`,
      );
    }
    return error;
  }

  async #dispatch(
    query: AnyQuery,
    ctx: QueryContext,
  ): Promise<Pick<QueryResponse, 'results' | 'columns' | 'types' | 'hasMore'>> {
    switch (query.kind) {
      case 'TrendsQuery':
        return { results: await runTrendsQuery(query, ctx) };
      case 'FunnelsQuery':
        return { results: await runFunnelsQuery(query, ctx) };
      case 'LifecycleQuery':
        return { results: await runLifecycleQuery(query, ctx) };
      case 'StickinessQuery':
        return { results: await runStickinessQuery(query, ctx) };
      case 'PathsQuery':
        return { results: await runPathsQuery(query, ctx) };
      case 'RetentionQuery':
        return { results: await runRetentionQuery(query, ctx) };
      case 'EventsQuery':
        return runEventsQuery(query, ctx);
      case 'ActorsQuery':
      case 'InsightActorsQuery':
        return runActorsQuery(query, ctx);
      case 'FunnelCorrelationQuery':
        return { results: await runFunnelCorrelationQuery(query, ctx) };
    }
  }

  #context(project: Project, definitions: QueryDefinitions, now: number, signal: AbortSignal): QueryContext {
    const { eventStore, timeoutMs } = this.deps;
    const run = <T extends Row>(q: Select | Union): Promise<T[]> =>
      runSql<T>(eventStore, project.id, q, { timeoutMs, signal });
    const ctx: QueryContext = {
      teamId: project.id,
      timeZone: project.timezone,
      weekStartDay: project.week_start_day,
      testAccountFilters: project.test_account_filters as unknown as PropertyFilterNode[],
      pathCleaningFilters: project.path_cleaning_filters,
      definitions,
      inCohort: (personId, cohortId) => inCohort(personId, cohortId, ctx),
      now,
      run,
      async earliestEventTime() {
        const rows = await run<{ first: string | null }>(
          select({
            select: [
              alias(fn('toString', fn('min', { kind: 'column', name: 'timestamp', table: 'e' })), 'first'),
            ],
            from: table('events', 'e'),
          }),
        );
        const first = rows[0]?.first;
        const ms = first ? Date.parse(`${first.replace(' ', 'T')}Z`) : Number.NaN;
        return Number.isFinite(ms) && ms > 0 ? ms : now;
      },
    };
    return ctx;
  }
}
