import { describe, expect, it } from 'vitest';
import { currentDistinctIds } from '../sources/current-distinct-ids';
import { currentPersons } from '../sources/current-persons';
import { compileSql } from './compile-sql';
import { pruneJoins } from './prune-joins';
import type { Join, Select } from './sql-ast';
import { alias, col, eq, fn, fromQuery, select, star, str, subquery, table } from './sql-builders';

const pdi: Join = {
  type: 'LEFT',
  item: fromQuery(currentDistinctIds(), 'pdi'),
  on: eq(col('distinct_id', 'pdi'), col('distinct_id', 'e')),
};
const personId = fn(
  'if',
  fn('empty', col('person_id', 'pdi')),
  col('person_id', 'e'),
  col('person_id', 'pdi'),
);
const persons: Join = {
  type: 'LEFT',
  item: fromQuery(currentPersons(['properties']), 'person'),
  on: eq(col('id', 'person'), personId),
};
const events = (fields: Omit<Select, 'kind' | 'from' | 'joins'>, joins: Join[] = [pdi, persons]) =>
  select({ ...fields, from: table('events', 'e'), joins });
const joinAliases = (q: Select) => (pruneJoins(q).joins ?? []).map((j) => j.item.alias);

describe('pruneJoins', () => {
  it('drops joins to grouped read models that nothing reads, also one only a dropped join read', () => {
    const q = events({ select: [alias(fn('count'), 'n')], where: eq(col('event', 'e'), str('$pageview')) });
    expect(joinAliases(q)).toEqual([]);
    const { sql } = compileSql(q, { database: 'hr', teamId: 1 });
    expect(sql).not.toContain('JOIN');
  });

  it('keeps a join whose columns are read, and the join its ON condition reads', () => {
    expect(joinAliases(events({ select: [alias(fn('uniqExact', personId), 'n')] }))).toEqual(['pdi']);
    expect(
      joinAliases(events({ select: [col('id', 'e')], where: eq(col('properties', 'person'), str('{}')) })),
    ).toEqual(['pdi', 'person']);
  });

  it('keeps a join that an unqualified column or * could read', () => {
    expect(joinAliases(events({ select: [col('person_id')] }, [pdi]))).toEqual(['pdi']);
    expect(joinAliases(events({ select: [star] }, [pdi]))).toEqual(['pdi']);
    const inSubquery = subquery(select({ select: [col('person_id', 'pdi')], from: table('persons', 'p') }));
    expect(joinAliases(events({ select: [alias(inSubquery, 'x')] }, [pdi]))).toEqual(['pdi']);
  });

  it('keeps joins that can repeat or remove rows', () => {
    const ungrouped: Join = {
      type: 'LEFT',
      item: fromQuery(
        select({ select: [col('distinct_id'), col('person_id')], from: table('person_distinct_ids', 'r') }),
        'pdi',
      ),
      on: eq(col('distinct_id', 'pdi'), col('distinct_id', 'e')),
    };
    expect(joinAliases(events({ select: [fn('count')] }, [ungrouped]))).toEqual(['pdi']);
    expect(joinAliases(events({ select: [fn('count')] }, [{ ...pdi, type: 'INNER' }]))).toEqual(['pdi']);
    const onOtherColumn: Join = { ...pdi, on: eq(col('person_id', 'pdi'), col('person_id', 'e')) };
    expect(joinAliases(events({ select: [fn('count')] }, [onOtherColumn]))).toEqual(['pdi']);
  });

  it('prunes inside subqueries, CTEs and unions', () => {
    const inner = events({ select: [alias(fn('count'), 'n')] });
    const outer = select({ select: [col('n')], from: fromQuery(inner, 'counts') });
    const pruned = pruneJoins(outer);
    expect(
      pruned.from?.kind === 'subquery' && pruned.from.query.kind === 'select'
        ? pruned.from.query.joins
        : null,
    ).toEqual([]);
    const union = pruneJoins({ kind: 'union', queries: [inner, inner] });
    expect(union.queries.map((q) => q.joins)).toEqual([[], []]);
  });
});
