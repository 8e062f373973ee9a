import { describe, expect, it } from 'vitest';
import { compileSql } from './compile-sql';
import {
  alias,
  and,
  col,
  eq,
  fn,
  fnParametric,
  num,
  op,
  over,
  param,
  select,
  str,
  table,
  tuple,
} from './sql-builders';

const ctx = { database: 'hedgerow', teamId: 42 };

describe('compileSql', () => {
  it('binds values as parameters and scopes the FROM table to the project', () => {
    const q = select({
      select: [alias(fn('count'), 'c')],
      from: table('events', 'e'),
      where: eq(col('event', 'e'), str("'; DROP TABLE events; --")),
    });
    expect(compileSql(q, ctx)).toEqual({
      sql: 'SELECT count() AS `c`\nFROM `hedgerow`.`events` AS `e`\nWHERE `e`.`team_id` = {team_id:Int64} AND (`e`.`event` = {p0:String})',
      params: { team_id: 42, p0: "'; DROP TABLE events; --" },
    });
  });

  it('scopes joined tables in their ON condition, so outer joins keep their meaning', () => {
    const q = select({
      select: [col('distinct_id', 'e')],
      from: table('events', 'e'),
      joins: [
        {
          type: 'LEFT',
          item: table('person_distinct_ids', 'pdi'),
          on: eq(col('distinct_id', 'e'), col('distinct_id', 'pdi')),
        },
      ],
    });
    const { sql } = compileSql(q, ctx);
    expect(sql).toContain(
      'LEFT JOIN `hedgerow`.`person_distinct_ids` AS `pdi` ON (`e`.`distinct_id` = `pdi`.`distinct_id`) AND `pdi`.`team_id` = {team_id:Int64}',
    );
    expect(sql).toContain('WHERE `e`.`team_id` = {team_id:Int64}');
  });

  it('scopes tables inside subqueries too', () => {
    const inner = select({ select: [col('person_id')], from: table('person_distinct_ids', 'p') });
    const q = select({
      select: [fn('count')],
      from: { kind: 'subquery', query: inner, alias: 'x' },
      where: and(eq(col('person_id', 'x'), param('00000000-0000-0000-0000-000000000000', 'UUID'))),
    });
    const { sql } = compileSql(q, ctx);
    expect(sql.match(/\{team_id:Int64\}/g)).toHaveLength(1);
    expect(sql).toContain(
      'FROM `hedgerow`.`person_distinct_ids` AS `p`\nWHERE `p`.`team_id` = {team_id:Int64}',
    );
  });

  it('prints parametric aggregates and refuses names that are not ours', () => {
    const q = select({
      select: [fnParametric('quantile', [num(0.9)], col('x'))],
      from: table('events', 'e'),
    });
    expect(compileSql(q, ctx).sql).toContain('quantile(0.9)(`x`)');
    expect(() => compileSql(select({ select: [fn('count); DROP', col('x'))] }), ctx)).toThrow(
      /function name/,
    );
    expect(() => compileSql(select({ select: [col('a`b')] }), ctx)).toThrow(/identifier/);
    expect(() => compileSql(select({ select: [num(1)], from: table('system.users', 'u') }), ctx)).toThrow(
      /Unknown table/,
    );
    expect(() => compileSql(select({ select: [param(1, 'Int64); DROP')] }), ctx)).toThrow(/parameter type/);
  });

  it('compares tuples, for exact (timestamp, uuid) cursors, with every value bound', () => {
    const before = fn('parseDateTime64BestEffort', str('2024-05-01T10:00:04Z'), num(6), str('UTC'));
    const q = select({
      select: [col('uuid', 'e')],
      from: table('events', 'e'),
      where: op(
        '<',
        tuple(col('timestamp', 'e'), col('uuid', 'e')),
        tuple(before, param('0190a000-0000-7000-8000-000000000008', 'UUID')),
      ),
    });
    expect(compileSql(q, ctx)).toEqual({
      sql:
        'SELECT `e`.`uuid`\nFROM `hedgerow`.`events` AS `e`\nWHERE `e`.`team_id` = {team_id:Int64} AND ' +
        '(tuple(`e`.`timestamp`, `e`.`uuid`) < tuple(parseDateTime64BestEffort({p0:String}, 6, {p1:String}), {p2:UUID}))',
      params: {
        team_id: 42,
        p0: '2024-05-01T10:00:04Z',
        p1: 'UTC',
        p2: '0190a000-0000-7000-8000-000000000008',
      },
    });
  });

  it('prints window functions with their partition and order', () => {
    const q = select({
      select: [
        alias(over(fn('sum', col('n')), { partitionBy: [col('k')] }), 'total'),
        alias(
          over(fn('dense_rank'), {
            orderBy: [{ expr: col('total'), direction: 'DESC' }, { expr: col('k') }],
          }),
          'r',
        ),
      ],
      from: table('events', 'e'),
    });
    expect(compileSql(q, ctx).sql).toBe(
      'SELECT sum(`n`) OVER (PARTITION BY `k`) AS `total`, dense_rank() OVER (ORDER BY `total` DESC, `k`) AS `r`\n' +
        'FROM `hedgerow`.`events` AS `e`\nWHERE `e`.`team_id` = {team_id:Int64}',
    );
  });

  it('prints LIMIT … BY before the plain LIMIT, with bound counts', () => {
    const q = select({
      select: [col('uuid', 'e')],
      from: table('events', 'e'),
      orderBy: [{ expr: col('timestamp', 'e'), direction: 'DESC' }],
      limitBy: { limit: num(1), by: [col('uuid', 'e')] },
      limit: param(101, 'UInt32'),
    });
    const { sql, params } = compileSql(q, ctx);
    expect(sql).toMatch(/ORDER BY `e`\.`timestamp` DESC\nLIMIT 1 BY `e`\.`uuid`\nLIMIT \{p0:UInt32\}$/);
    expect(params).toMatchObject({ p0: 101 });
  });
});
