import { anyQuerySchema, type PathsQuery } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import type { BoundQuery, Row } from '../../event-store/event-store';
import { ApiError } from '../../http/api-error';
import { NO_DEFINITIONS } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import { compileSql } from '../sql/compile-sql';
import type { Select, Union } from '../sql/sql-ast';
import { runPathsQuery } from './paths-runner';

/** A context that compiles what the runner sends (as runSql does) and answers with given rows. */
function fakeContext(rows: Row[]): { ctx: QueryContext; sent: BoundQuery[] } {
  const sent: BoundQuery[] = [];
  const ctx: QueryContext = {
    teamId: 3,
    timeZone: 'UTC',
    weekStartDay: 0,
    testAccountFilters: [],
    now: Date.parse('2024-03-10T00:00:00Z'),
    definitions: NO_DEFINITIONS,
    async run<T extends Row>(query: Select | Union): Promise<T[]> {
      sent.push(compileSql(query, { database: 'hr', teamId: 3 }));
      return rows as T[];
    },
    async earliestEventTime() {
      return 0;
    },
  };
  return { ctx, sent };
}

const paths = (pathsFilter: PathsQuery['pathsFilter'], extra: Partial<PathsQuery> = {}): PathsQuery => ({
  kind: 'PathsQuery',
  dateRange: { date_from: '2024-03-01', date_to: '2024-03-07' },
  pathsFilter,
  ...extra,
});

describe('runPathsQuery', () => {
  it('binds every value the query sends and scans events once', async () => {
    const hostile = "x') OR 1=1 --";
    const { ctx, sent } = fakeContext([]);
    await runPathsQuery(
      paths({
        includeEventTypes: ['$pageview', '$screen', 'custom_event'],
        startPoint: `${hostile}start`,
        endPoint: `${hostile}end`,
        excludeEvents: [`${hostile}excluded`],
        pathGroupings: [`${hostile}group*`],
        localPathCleaningFilters: [{ regex: `${hostile}regex`, alias: `${hostile}alias` }],
        stepLimit: 7,
        edgeLimit: 13,
        minEdgeWeight: 2,
        maxEdgeWeight: 9,
      }),
      ctx,
    );
    expect(sent).toHaveLength(1);
    const { sql, params } = sent[0] as BoundQuery;
    expect(sql).not.toContain(hostile);
    expect(sql).not.toMatch(/\b(7|13|9)\b/);
    const values = JSON.stringify(params);
    for (const word of ['start', 'end', 'excluded', 'group*', 'regex', 'alias'])
      expect(values).toContain(JSON.stringify(`${hostile}${word}`).slice(1, -1));
    expect(sql.match(/`events` AS/g)).toHaveLength(1);
    expect(sql).toContain('`e`.`team_id` = {team_id:Int64}');
  });

  it('shapes rows as PostHog edges in milliseconds and drops edges no first step leads to', async () => {
    const { ctx } = fakeContext([
      { source: '1_/a', target: '2_/b', value: '3', avg_us: 90_000_000 },
      { source: '3_/x', target: '4_/y', value: '2', avg_us: 1_500 },
      { source: '2_/b', target: '3_/c', value: '1', avg_us: 60_000_000 },
    ]);
    expect(await runPathsQuery(paths({}), ctx)).toEqual([
      { source: '1_/a', target: '2_/b', value: 3, average_conversion_time: 90_000 },
      { source: '2_/b', target: '3_/c', value: 1, average_conversion_time: 60_000 },
    ]);
  });

  it('refuses paths from a funnel, naming the field', async () => {
    const { ctx } = fakeContext([]);
    const query = paths({}, { funnelPathsFilter: { funnelPathType: 'funnel_path_after_step' } });
    await expect(runPathsQuery(query, ctx)).rejects.toMatchObject({
      statusCode: 400,
      attr: 'funnelPathsFilter',
    });
    await expect(runPathsQuery(query, ctx)).rejects.toBeInstanceOf(ApiError);
  });

  it('refuses an aggregate as the HogQL path item', async () => {
    const { ctx } = fakeContext([]);
    const query = paths({ includeEventTypes: ['hogql'], pathsHogQLExpression: 'count()' });
    await expect(runPathsQuery(query, ctx)).rejects.toMatchObject({
      statusCode: 400,
      attr: 'pathsFilter__pathsHogQLExpression',
    });
  });
});

describe('PathsQuery schema', () => {
  it('names the offending field', () => {
    const bad = (pathsFilter: Record<string, unknown>) => {
      const result = anyQuerySchema.safeParse({ kind: 'PathsQuery', pathsFilter });
      return result.success ? null : result.error.issues[0]?.path.join('__');
    };
    expect(bad({ stepLimit: 0 })).toBe('pathsFilter__stepLimit');
    expect(bad({ includeEventTypes: ['$pageview', 'clicks'] })).toBe('pathsFilter__includeEventTypes__1');
    expect(bad({ localPathCleaningFilters: [{ alias: 'x' }] })).toBe(
      'pathsFilter__localPathCleaningFilters__0__regex',
    );
    expect(bad({ edgeLimit: 2.5 })).toBe('pathsFilter__edgeLimit');
    expect(bad({ includeEventTypes: ['$screen'], stepLimit: 20, edgeLimit: 100 })).toBeNull();
  });
});
