import { describe, expect, it } from 'vitest';
import { compileSql } from '../sql/compile-sql';
import { eq, op, param, str } from '../sql/sql-builders';
import { currentDistinctIds } from './current-distinct-ids';

const ctx = { database: 'hedgerow', teamId: 7 };

describe('currentDistinctIds', () => {
  it('reads the latest mapping of each distinct id, scoped to the project', () => {
    expect(compileSql(currentDistinctIds(), ctx).sql).toBe(
      'SELECT `distinct_id`, argMax(`person_id`, `version`) AS `person_id`\n' +
        'FROM `hedgerow`.`person_distinct_ids` AS `pdi_rows`\n' +
        'WHERE `pdi_rows`.`team_id` = {team_id:Int64}\n' +
        'GROUP BY `distinct_id`\n' +
        'HAVING (argMax(`is_deleted`, `version`) = 0)',
    );
  });

  it('filters raw rows through qualified columns, so no filter reads the aggregated person_id', () => {
    const { sql, params } = compileSql(
      currentDistinctIds({
        distinctId: (d) => eq(d, str('anon-1')),
        personIds: param(['00000000-0000-4000-8000-000000000001'], 'Array(UUID)'),
      }),
      ctx,
    );
    expect(sql).toContain(
      'WHERE `pdi_rows`.`team_id` = {team_id:Int64} AND ((`pdi_rows`.`distinct_id` = {p0:String}) AND ' +
        '(`pdi_rows`.`distinct_id` IN (SELECT `pdi_any`.`distinct_id`\n' +
        'FROM `hedgerow`.`person_distinct_ids` AS `pdi_any`\n' +
        'WHERE `pdi_any`.`team_id` = {team_id:Int64} AND (`pdi_any`.`person_id` IN {p1:Array(UUID)}))))',
    );
    expect(sql).toContain('(argMax(`pdi_rows`.`person_id`, `pdi_rows`.`version`) IN {p2:Array(UUID)})');
    const person = ['00000000-0000-4000-8000-000000000001'];
    expect(params).toEqual({ team_id: 7, p0: 'anon-1', p1: person, p2: person });
  });

  it('binds a pattern filter like any other value', () => {
    const { sql } = compileSql(currentDistinctIds({ distinctId: (d) => op('ILIKE', d, str('%a%')) }), ctx);
    expect(sql).toContain('(`pdi_rows`.`distinct_id` ILIKE {p0:String})');
  });
});
