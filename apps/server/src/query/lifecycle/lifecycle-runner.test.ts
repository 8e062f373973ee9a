import { type LifecycleQuery, queryRequestSchema } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import type { Row } from '../../event-store/event-store';
import { ApiError, parseInput } from '../../http/api-error';
import { NO_DEFINITIONS } from '../definitions/query-definitions';
import type { QueryContext } from '../query-context';
import { compileSql } from '../sql/compile-sql';
import type { Select, Union } from '../sql/sql-ast';
import { runLifecycleQuery } from './lifecycle-runner';

/** A context whose event store answers every query with `rows` and keeps the trees it was given. */
function fakeContext(rows: Row[], timeZone = 'UTC'): QueryContext & { trees: (Select | Union)[] } {
  const trees: (Select | Union)[] = [];
  return {
    teamId: 7,
    timeZone,
    weekStartDay: 0,
    testAccountFilters: [{ key: 'email', value: '@internal.com', operator: 'not_icontains', type: 'person' }],
    now: Date.parse('2024-03-10T12:00:00Z'),
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

const parse = (query: unknown): LifecycleQuery => {
  const parsed = parseInput(queryRequestSchema, { query }).query;
  if (parsed.kind !== 'LifecycleQuery') throw new Error('not a lifecycle query');
  return parsed;
};

const base = {
  kind: 'LifecycleQuery',
  dateRange: { date_from: '2024-03-02', date_to: '2024-03-04' },
  series: [{ kind: 'EventsNode', event: '$pageview' }],
};

describe('runLifecycleQuery', () => {
  it('answers the four statuses in order with dormant counts negative, from one scan', async () => {
    const ctx = fakeContext([
      { idx: 0, status: 'new', value: 2 },
      { idx: 2, status: 'returning', value: 1 },
      { idx: 1, status: 'dormant', value: 3 },
      { idx: 1, status: 'resurrecting', value: 1 },
    ]);
    const results = await runLifecycleQuery(parse(base), ctx);
    expect(ctx.trees).toHaveLength(1);
    expect(results.map((r) => [r.status, r.label, r.data, r.count])).toEqual([
      ['new', '$pageview - new', [2, 0, 0], 2],
      ['returning', '$pageview - returning', [0, 0, 1], 1],
      ['resurrecting', '$pageview - resurrecting', [0, 1, 0], 1],
      ['dormant', '$pageview - dormant', [0, -3, 0], -3],
    ]);
    expect(results[0]?.days).toEqual(['2024-03-02', '2024-03-03', '2024-03-04']);
    expect(results[0]?.labels).toEqual(['2-Mar-2024', '3-Mar-2024', '4-Mar-2024']);
    expect(results[0]?.action).toEqual({
      id: '$pageview',
      name: '$pageview',
      type: 'events',
      order: 0,
      math: 'total',
    });
  });

  it('keeps only the toggled statuses, still in PostHog order', async () => {
    const results = await runLifecycleQuery(
      parse({ ...base, lifecycleFilter: { toggledLifecycles: ['dormant', 'new'] } }),
      fakeContext([]),
    );
    expect(results.map((r) => r.status)).toEqual(['new', 'dormant']);
  });

  it('labels all events as such', async () => {
    const results = await runLifecycleQuery(
      parse({ ...base, series: [{ kind: 'EventsNode', event: null }] }),
      fakeContext([]),
    );
    expect(results[0]?.label).toBe('All events - new');
    expect(results[0]?.action.id).toBeNull();
  });

  it('binds every value, scopes every table, and reads created_at only from the project', async () => {
    const ctx = fakeContext([]);
    await runLifecycleQuery(
      parse({
        ...base,
        series: [
          {
            kind: 'EventsNode',
            event: "x'); DROP TABLE events; --",
            properties: [{ key: '$browser', value: 'Chrome', type: 'event' }],
          },
        ],
        filterTestAccounts: true,
      }),
      ctx,
    );
    const { sql, params } = compileSql(ctx.trees[0] as Select, { database: 'hr', teamId: 7 });
    expect(sql).not.toContain('DROP TABLE');
    expect(Object.values(params ?? {})).toContain("x'); DROP TABLE events; --");
    expect(Object.values(params ?? {})).toContain('$process_person_profile');
    expect(sql).toContain('`created_at`');
    // events, distinct ids and persons are all restricted to the project
    expect(sql.match(/`team_id` = \{team_id:Int64\}/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('reads group created_at from the groups read model when aggregating by group', async () => {
    const ctx = fakeContext([]);
    await runLifecycleQuery(parse({ ...base, aggregation_group_type_index: 2 }), ctx);
    const { sql } = compileSql(ctx.trees[0] as Select, { database: 'hr', teamId: 7 });
    expect(sql).toContain('`hr`.`groups`');
    expect(sql).toContain('`e`.`$group_2`');
    expect(sql).not.toContain('`hr`.`persons`');
  });

  it('refuses more than one series and unknown statuses, naming the field', () => {
    const attr = (query: unknown) => {
      try {
        parse(query);
        return null;
      } catch (e) {
        return e instanceof ApiError ? e.attr : String(e);
      }
    };
    expect(attr({ ...base, series: [...base.series, ...base.series] })).toBe('query__series');
    expect(attr({ ...base, series: [] })).toBe('query__series');
    expect(attr({ ...base, lifecycleFilter: { toggledLifecycles: ['gone'] } })).toBe(
      'query__lifecycleFilter__toggledLifecycles__0',
    );
    expect(attr({ ...base, interval: 'fortnight' })).toBe('query__interval');
  });
});
