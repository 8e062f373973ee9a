import { queryRequestSchema, type StickinessQuery } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../event-store/event-store';
import { ApiError, parseInput } from '../../http/api-error';
import { NO_DEFINITIONS } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import { compileSql } from '../sql/compile-sql';
import type { Select, Union } from '../sql/sql-ast';
import { runStickinessQuery } from './stickiness-runner';

/** A context whose event store answers every query with `rows` and keeps the trees it was given. */
function fakeContext(rows: Row[]): QueryContext & { trees: (Select | Union)[] } {
  const trees: (Select | Union)[] = [];
  return {
    teamId: 7,
    timeZone: 'UTC',
    weekStartDay: 0,
    testAccountFilters: [],
    now: Date.parse('2024-05-10T12:00:00Z'),
    definitions: NO_DEFINITIONS,
    trees,
    async run<T extends Row>(query: Select | Union): Promise<T[]> {
      trees.push(query);
      return rows as T[];
    },
    async earliestEventTime() {
      return Date.parse('2024-01-01T00:00:00Z');
    },
  };
}

const parse = (query: unknown): StickinessQuery => {
  const parsed = parseInput(queryRequestSchema, { query }).query;
  if (parsed.kind !== 'StickinessQuery') throw new Error('not a stickiness query');
  return parsed;
};

const attr = (query: unknown): string | null => {
  try {
    parse(query);
    return null;
  } catch (e) {
    return e instanceof ApiError ? e.attr : String(e);
  }
};

const base = {
  kind: 'StickinessQuery',
  dateRange: { date_from: '2024-05-01', date_to: '2024-05-04' },
  series: [{ kind: 'EventsNode', event: 'view' }],
};

// Two persons in 1 interval, one in 3, one in 4.
const rows = [
  { intervals: 1, actors: 2 },
  { intervals: 3, actors: 1 },
  { intervals: 4, actors: 1 },
];

describe('runStickinessQuery', () => {
  it('counts persons by their number of active intervals, days 1..N', async () => {
    const [result] = await runStickinessQuery(parse(base), fakeContext(rows));
    expect(result).toEqual({
      action: { order: 0, type: 'events', name: 'view', id: 'view' },
      label: 'view',
      count: 4,
      data: [2, 0, 1, 1],
      days: [1, 2, 3, 4],
      labels: ['1 day', '2 days', '3 days', '4 days'],
    });
  });

  it('is cumulative with computedAs or the cumulative display; count stays the number of persons', async () => {
    for (const stickinessFilter of [
      { computedAs: 'cumulative' },
      { display: 'ActionsLineGraphCumulative' },
    ]) {
      const [result] = await runStickinessQuery(parse({ ...base, stickinessFilter }), fakeContext(rows));
      expect(result?.data).toEqual([4, 2, 2, 1]);
      expect(result?.count).toBe(4);
      expect(result?.labels).toEqual(['1 day or more', '2 days or more', '3 days or more', '4 days or more']);
    }
  });

  it('groups intervals by intervalCount, a partial period first', async () => {
    const [result] = await runStickinessQuery(
      parse({ ...base, interval: 'day', intervalCount: 3 }),
      fakeContext([{ intervals: 2, actors: 5 }]),
    );
    expect(result?.days).toEqual([1, 2]);
    expect(result?.data).toEqual([0, 5]);
  });

  it('labels weeks and months by the interval', async () => {
    const ctx = fakeContext([]);
    const [week] = await runStickinessQuery(
      parse({ ...base, interval: 'week', dateRange: { date_from: '2024-05-01', date_to: '2024-05-20' } }),
      ctx,
    );
    expect(week?.labels).toEqual(['1 week', '2 weeks', '3 weeks', '4 weeks']);
  });

  it('answers each series then its previous period when comparing', async () => {
    const ctx = fakeContext(rows);
    const results = await runStickinessQuery(
      parse({
        ...base,
        series: [
          { kind: 'EventsNode', event: 'view' },
          { kind: 'EventsNode', event: null },
        ],
        compareFilter: { compare: true },
      }),
      ctx,
    );
    expect(results.map((r) => [r.label, r.compare_label, r.action.order])).toEqual([
      ['view', 'current', 0],
      ['view', 'previous', 0],
      ['All events', 'current', 1],
      ['All events', 'previous', 1],
    ]);
    expect(ctx.trees).toHaveLength(4);
  });

  it('puts the criterion on the events per interval, bound', async () => {
    const ctx = fakeContext([]);
    await runStickinessQuery(
      parse({ ...base, stickinessFilter: { stickinessCriteria: { operator: 'lte', value: 3 } } }),
      ctx,
    );
    const { sql, params } = compileSql(ctx.trees[0] as Select, { database: 'hr', teamId: 7 });
    expect(sql).toMatch(/HAVING \(count\(\) <= \{p\d+:UInt64\}\)/);
    expect(Object.values(params ?? {})).toContain(3);
    expect(Object.values(params ?? {})).toContain('view');
  });

  it('counts groups for math unique_group, leaving out events without one', async () => {
    const ctx = fakeContext([]);
    await runStickinessQuery(
      parse({
        ...base,
        series: [{ kind: 'EventsNode', event: 'view', math: 'unique_group', math_group_type_index: 1 }],
      }),
      ctx,
    );
    const { sql } = compileSql(ctx.trees[0] as Select, { database: 'hr', teamId: 7 });
    expect(sql).toContain('`e`.`$group_1` AS `actor`');
    expect(sql).toContain('(`e`.`$group_1` != {');
  });

  it('refuses what stickiness cannot do, naming the field', () => {
    expect(attr({ ...base, aggregation_group_type_index: 0 })).toBe('query__aggregation_group_type_index');
    expect(attr({ ...base, aggregation_group_type_index: null })).toBeNull();
    expect(attr({ ...base, series: [{ kind: 'EventsNode', event: 'view', math: 'sum' }] })).toBe(
      'query__series__0__math',
    );
    expect(attr({ ...base, series: [{ kind: 'EventsNode', event: 'view', math: 'unique_group' }] })).toBe(
      'query__series__0__math_group_type_index',
    );
    expect(attr({ ...base, intervalCount: 0 })).toBe('query__intervalCount');
    expect(attr({ ...base, stickinessFilter: { stickinessCriteria: { operator: 'gt', value: 1 } } })).toBe(
      'query__stickinessFilter__stickinessCriteria__operator',
    );
    expect(attr({ ...base, stickinessFilter: { stickinessCriteria: { operator: 'gte', value: 1.5 } } })).toBe(
      'query__stickinessFilter__stickinessCriteria__value',
    );
    expect(attr({ ...base, stickinessFilter: { computedAs: 'sometimes' } })).toBe(
      'query__stickinessFilter__computedAs',
    );
  });

  it('refuses a compare_to it cannot read, naming the field', async () => {
    await expect(
      runStickinessQuery(
        parse({ ...base, compareFilter: { compare: true, compare_to: 'last week' } }),
        fakeContext([]),
      ),
    ).rejects.toMatchObject({ statusCode: 400, attr: 'query__compareFilter__compare_to' });
  });
});
