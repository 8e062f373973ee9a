import { queryRequestSchema, type RetentionQuery } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../event-store/event-store';
import { ApiError, parseInput } from '../../http/api-error';
import { NO_DEFINITIONS } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import { compileSql } from '../sql/compile-sql';
import type { Select, Union } from '../sql/sql-ast';
import { RETENTION_BREAKDOWN_OTHER } from './retention-breakdown';
import { runRetentionQuery } from './retention-runner';

/** A context whose event store answers the n-th query with `answers[n]` and keeps the trees. */
function fakeContext(answers: Row[][]): QueryContext & { trees: (Select | Union)[] } {
  const trees: (Select | Union)[] = [];
  return {
    teamId: 7,
    timeZone: 'UTC',
    weekStartDay: 0,
    testAccountFilters: [{ key: 'email', value: '@example.com', operator: 'not_icontains', type: 'person' }],
    now: Date.parse('2024-05-10T12:00:00Z'),
    definitions: NO_DEFINITIONS,
    trees,
    async run<T extends Row>(query: Select | Union): Promise<T[]> {
      trees.push(query);
      return (answers[trees.length - 1] ?? []) as T[];
    },
    async earliestEventTime() {
      return Date.parse('2024-01-01T00:00:00Z');
    },
  };
}

const parse = (query: unknown): RetentionQuery => {
  const parsed = parseInput(queryRequestSchema, { query }).query;
  if (parsed.kind !== 'RetentionQuery') throw new Error('not a retention query');
  return parsed;
};

const base = {
  kind: 'RetentionQuery',
  dateRange: { date_to: '2024-05-03' },
  retentionFilter: { period: 'Day', totalIntervals: 3 },
};

const counts = (rows: { values: { count: number }[] }[]) => rows.map((r) => r.values.map((v) => v.count));

async function refusal(query: unknown): Promise<string | null> {
  try {
    await runRetentionQuery(parse(query), fakeContext([]));
    return null;
  } catch (e) {
    return e instanceof ApiError ? e.attr : String(e);
  }
}

function schemaError(query: unknown): string | null {
  try {
    parse(query);
    return null;
  } catch (e) {
    return e instanceof ApiError ? e.attr : String(e);
  }
}

describe('runRetentionQuery', () => {
  it('shapes cells into PostHog rows: every row padded to totalIntervals, labels and zoned dates', async () => {
    const ctx = fakeContext([[{ cohorts: [0, 0, 0, 1, 2], lags: [0, 1, 2, 0, 0], actors: [3, 2, 2, 3, 3] }]]);
    const rows = await runRetentionQuery(parse(base), ctx);
    expect(counts(rows)).toEqual([
      [3, 2, 2],
      [3, 0, 0],
      [3, 0, 0],
    ]);
    expect(rows[0]).toMatchObject({
      label: 'Day 0',
      date: '2024-05-01T00:00:00Z',
      breakdown_value: null,
      values: [
        { count: 3, label: 'Day 0' },
        { count: 2, label: 'Day 1' },
        { count: 2, label: 'Day 2' },
      ],
    });
    expect(rows.map((r) => r.label)).toEqual(['Day 0', 'Day 1', 'Day 2']);
  });

  it('answers zeros for every cohort when nobody did anything', async () => {
    const rows = await runRetentionQuery(parse(base), fakeContext([[{ cohorts: [], lags: [], actors: [] }]]));
    expect(counts(rows)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('adds up "returned k or more periods later" for cumulative retention', async () => {
    // Cohort 0: one member last returned at k=0 (never), two at k=1, three at k=2.
    const ctx = fakeContext([[{ cohorts: [0, 0, 0], lags: [0, 1, 2], actors: [1, 2, 3] }]]);
    const rows = await runRetentionQuery(
      parse({ ...base, retentionFilter: { ...base.retentionFilter, cumulative: true } }),
      ctx,
    );
    expect(counts(rows)[0]).toEqual([6, 5, 3]);
  });

  it('keeps the top breakdown values and merges the rest into Other with a second query', async () => {
    const grid = (value: string, n: number) => ({ value, cohorts: [0], lags: [0], actors: [n], total: n });
    const ctx = fakeContext([
      [grid('Chrome', 5), grid('Safari', 3)],
      [grid(RETENTION_BREAKDOWN_OTHER, 4), grid('Chrome', 5)],
    ]);
    const rows = await runRetentionQuery(
      parse({
        ...base,
        breakdownFilter: { breakdown: '$browser', breakdown_type: 'event', breakdown_limit: 1 },
      }),
      ctx,
    );
    expect(ctx.trees).toHaveLength(2);
    expect(rows.map((r) => [r.breakdown_value, r.label, r.values[0]?.count])).toEqual([
      ['Chrome', 'Day 0', 5],
      ['Chrome', 'Day 1', 0],
      ['Chrome', 'Day 2', 0],
      [RETENTION_BREAKDOWN_OTHER, 'Day 0', 4],
      [RETENTION_BREAKDOWN_OTHER, 'Day 1', 0],
      [RETENTION_BREAKDOWN_OTHER, 'Day 2', 0],
    ]);
    const second = compileSql(ctx.trees[1] as Select, { database: 'db', teamId: 7 });
    expect(Object.values(second.params ?? {})).toContainEqual(['Chrome']);
    expect(Object.values(second.params ?? {})).toContain(RETENTION_BREAKDOWN_OTHER);
  });

  it('runs once when the breakdown has no more values than the limit', async () => {
    const ctx = fakeContext([[{ value: '', cohorts: [1], lags: [0], actors: [2], total: 2 }]]);
    const rows = await runRetentionQuery(
      parse({ ...base, breakdownFilter: { breakdowns: [{ property: 'plan', type: 'person' }] } }),
      ctx,
    );
    expect(ctx.trees).toHaveLength(1);
    expect(rows.map((r) => r.breakdown_value)).toEqual(['', '', '']);
    expect(counts(rows)[1]).toEqual([2, 0, 0]);
  });

  it('binds every value and scopes every table to the project', async () => {
    const ctx = fakeContext([[]]);
    await runRetentionQuery(
      parse({
        ...base,
        filterTestAccounts: true,
        properties: [{ key: "plan'; DROP", value: 'x`y', operator: 'exact', type: 'event' }],
        retentionFilter: {
          ...base.retentionFilter,
          targetEntity: {
            id: 'sign up',
            type: 'events',
            properties: [{ key: 'a', value: 'b', type: 'person' }],
          },
          returningEntity: { id: null, type: 'events' },
        },
        breakdownFilter: { breakdown: 'country', breakdown_type: 'person' },
      }),
      ctx,
    );
    const { sql, params } = compileSql(ctx.trees[0] as Select, { database: 'db', teamId: 7 });
    for (const text of ['sign up', "plan'", 'x`y', 'country', '@example.com'])
      expect(sql).not.toContain(text);
    expect(Object.values(params ?? {})).toEqual(
      expect.arrayContaining(['sign up', "plan'; DROP", 'country']),
    );
    expect(sql.match(/`team_id` = \{team_id:Int64\}/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps periods as bitmasks up to 64 cohorts and as arrays beyond, or with minimumOccurrences', async () => {
    const sqlOf = async (query: unknown) => {
      const ctx = fakeContext([[]]);
      await runRetentionQuery(parse(query), ctx);
      return compileSql(ctx.trees[0] as Select, { database: 'db', teamId: 7 }).sql;
    };
    expect(await sqlOf(base)).toContain('groupBitOrIf');
    const long = await sqlOf({ ...base, dateRange: { date_from: '2024-01-01', date_to: '2024-05-03' } });
    expect(long).not.toContain('groupBitOrIf');
    expect(long).toContain('groupUniqArrayIf');
    const minimum = await sqlOf({
      ...base,
      retentionFilter: { ...base.retentionFilter, minimumOccurrences: 2 },
    });
    expect(minimum).toContain('arrayEnumerateUniq');
  });

  it('refuses what it cannot compute yet, naming the field', async () => {
    const filter = base.retentionFilter;
    expect(
      await refusal({ ...base, retentionFilter: { ...filter, targetEntity: { id: 3, type: 'actions' } } }),
    ).toBe('retentionFilter__targetEntity');
    expect(
      await refusal({
        ...base,
        retentionFilter: { ...filter, returningEntity: { id: 3, kind: 'ActionsNode' } },
      }),
    ).toBe('retentionFilter__returningEntity');
    expect(
      await refusal({ ...base, retentionFilter: { ...filter, timeWindowMode: '24_hour_windows' } }),
    ).toBe('retentionFilter__timeWindowMode');
    expect(await refusal({ ...base, retentionFilter: { ...filter, retentionCustomBrackets: [1, 2] } })).toBe(
      'retentionFilter__retentionCustomBrackets',
    );
    expect(
      await refusal({
        ...base,
        retentionFilter: { ...filter, aggregationType: 'sum', aggregationProperty: 'x' },
      }),
    ).toBe('retentionFilter__aggregationType');
    expect(await refusal({ ...base, breakdownFilter: { breakdown: 3, breakdown_type: 'cohort' } })).toBe(
      'breakdownFilter',
    );
  });

  it('names the offending field of an invalid query', () => {
    expect(schemaError({ ...base, retentionFilter: { period: 'Year' } })).toBe(
      'query__retentionFilter__period',
    );
    expect(schemaError({ ...base, retentionFilter: { totalIntervals: 0 } })).toBe(
      'query__retentionFilter__totalIntervals',
    );
    expect(schemaError({ ...base, retentionFilter: { retentionType: 'sometimes' } })).toBe(
      'query__retentionFilter__retentionType',
    );
    expect(schemaError({ ...base, retentionFilter: { targetEntity: { id: 'x', type: 'people' } } })).toBe(
      'query__retentionFilter__targetEntity__type',
    );
    expect(schemaError({ ...base, aggregation_group_type_index: 5 })).toBe(
      'query__aggregation_group_type_index',
    );
    expect(schemaError(base)).toBeNull();
  });
});
