import type { PropertyFilterNode } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import { compileSql } from '../sql/compile-sql';
import type { Expr } from '../sql/sql-ast';
import { alias, col, select, table } from '../sql/sql-builders';
import { type PropertySources, propertiesExpr, propertyFilterExpr } from './property-filter-expr';

const sources: PropertySources = {
  event: col('properties', 'e'),
  person: null,
  group: () => null,
  metadata: () => null,
  cohort: null,
};

/** The filter printed as the one output column of a query over events, with its parameters. */
function printed(expr: Expr) {
  const { sql, params } = compileSql(select({ select: [alias(expr, 'm')], from: table('events', 'e') }), {
    database: 'hedgerow',
    teamId: 1,
  });
  return { sql: sql.slice('SELECT '.length, sql.indexOf(' AS `m`')), params: params ?? {} };
}

const filter = (f: Partial<PropertyFilterNode>): PropertyFilterNode => ({ key: 'k', type: 'event', ...f });

describe('propertyFilterExpr', () => {
  it('matches everything for an empty list of values, whatever the operator (PostHog)', () => {
    const operators = [
      'exact',
      'in',
      'is_not',
      'not_in',
      'icontains',
      'not_icontains',
      'regex',
      'not_regex',
      'gt',
      'gte',
      'lt',
      'lte',
      'min',
      'max',
    ] as const;
    for (const operator of operators) {
      expect(printed(propertyFilterExpr(filter({ operator, value: [] }), sources)).sql, operator).toBe('1');
    }
  });

  it('reads string properties unescaped and binds keys and values, never printing them', () => {
    const hostile = `x' OR 1=1 --\\"); DROP TABLE events; {team_id:Int64} \\u00e9 \u202e😀`;
    const { sql, params } = printed(
      propertiesExpr(
        [
          filter({ key: hostile, value: hostile }),
          filter({ key: hostile, value: [hostile, hostile], operator: 'not_icontains' }),
          filter({ key: hostile, value: hostile, operator: 'regex' }),
          filter({ key: hostile, value: 3, operator: 'lte' }),
          filter({ key: hostile, operator: 'is_not_set' }),
        ],
        sources,
      ) as Expr,
    );
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain("x'");
    expect(sql).toContain('JSONExtract(`e`.`properties`, {p');
    expect(Object.values(params)).toContain(hostile);
    for (const [, name] of sql.matchAll(/\{(\w+):[^}]+\}/g)) expect(params).toHaveProperty(name as string);
  });

  it('lets negative operators match a missing property, positive ones not', () => {
    const is = (operator: PropertyFilterNode['operator']) =>
      printed(propertyFilterExpr(filter({ operator, value: operator === 'gt' ? 5 : 'v' }), sources)).sql;
    for (const positive of ['exact', 'icontains', 'regex', 'gt'] as const) {
      expect(is(positive), positive).toMatch(/^ifNull\(.*, 0\)$/);
    }
    for (const negative of ['is_not', 'not_icontains', 'not_regex'] as const) {
      expect(is(negative), negative).toMatch(/^ifNull\(.*, 1\)$/);
    }
  });

  it('tests membership for exact lists, any value for positive operators and no value for negative ones', () => {
    const exact = printed(propertyFilterExpr(filter({ value: ['a', 1, true] }), sources));
    expect(exact.sql).toMatch(/ IN \{p\d+:Array\(String\)\}\), 0\)$/);
    expect(Object.values(exact.params)).toContainEqual(['a', '1', 'true']);
    const regex = printed(propertyFilterExpr(filter({ operator: 'regex', value: ['^a', 'b$'] }), sources));
    expect(regex.sql).toMatch(/^\(ifNull\(match\(.*\) OR ifNull\(match\(/);
    const notRegex = printed(
      propertyFilterExpr(filter({ operator: 'not_regex', value: ['^a', 'b$'] }), sources),
    );
    expect(notRegex.sql).toMatch(/^\(ifNull\(\(NOT match\(.*\) AND ifNull\(\(NOT match\(/);
  });
});
