import type { ActionStep } from '@hedgerow/schema';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../http/api-error';
import type { ActionDefinition } from '../definitions/query-definitions';
import { compileSql } from '../sql/compile-sql';
import type { Expr } from '../sql/sql-ast';
import { alias, col, select, table } from '../sql/sql-builders';
import { actionEventNames, actionExpr } from './action-expr';
import type { PropertySources } from './property-filter-expr';
import { selectorRegex } from './selector-regex';

function sources(withPerson: boolean): PropertySources {
  return {
    event: col('properties', 'e'),
    person: withPerson ? col('properties', 'person') : null,
    group: () => null,
    metadata: (name: string) => (['event', 'elements_chain'].includes(name) ? col(name, 'e') : null),
    cohort: null,
  } as PropertySources;
}

const action = (...steps: ActionStep[]): ActionDefinition => ({ id: 7, name: 'Bought', steps });

/** The action's expression printed as the one output column of a query over events, with its parameters. */
function printed(expr: Expr) {
  const { sql, params } = compileSql(select({ select: [alias(expr, 'm')], from: table('events', 'e') }), {
    database: 'hedgerow',
    teamId: 1,
  });
  return { sql: sql.slice('SELECT '.length, sql.indexOf(' AS `m`')), params: params ?? {} };
}

describe('actionExpr', () => {
  it('ORs the steps and ANDs the conditions of a step', () => {
    const { sql, params } = printed(
      actionExpr(action({ event: 'purchase', url: '/checkout' }, { event: 'signup' }), sources(false)),
    );
    expect(sql).toBe(
      '(((`e`.`event` = {p0:String}) AND ifNull((JSONExtract(`e`.`properties`, {p1:String}, {p2:String}) LIKE {p3:String}), 0)) OR (`e`.`event` = {p4:String}))',
    );
    expect(params).toMatchObject({ p0: 'purchase', p1: '$current_url', p3: '%/checkout%', p4: 'signup' });
  });

  it('compares the url by contains (LIKE with its wildcards escaped), exact or regex', () => {
    const like = printed(actionExpr(action({ url: '50%_off\\' }), sources(false)));
    expect(like.sql).toContain(' LIKE ');
    expect(like.sql).not.toContain('ILIKE');
    expect(Object.values(like.params)).toContain('%50\\%\\_off\\\\%');
    const exact = printed(
      actionExpr(action({ url: 'https://x.io/', url_matching: 'exact' }), sources(false)),
    );
    expect(exact.sql).toMatch(/\) = \{p\d+:String\}\), 0\)$/);
    expect(Object.values(exact.params)).toContain('https://x.io/');
    const regex = printed(
      actionExpr(action({ url: '^https://x\\.io/$', url_matching: 'regex' }), sources(false)),
    );
    expect(regex.sql).toMatch(/^ifNull\(match\(/);
    expect(Object.values(regex.params)).toContain('^https://x\\.io/$');
  });

  it('tests element conditions on $autocapture steps only, each as a bound value', () => {
    const hostile = `x' OR 1=1 --\\"); {team_id:Int64}`;
    const steps: ActionStep = {
      event: '$autocapture',
      selector: 'div > button.cta',
      tag_name: hostile,
      href: hostile,
      href_matching: 'contains',
      text: hostile,
      text_matching: 'regex',
    };
    const { sql, params } = printed(actionExpr(action(steps), sources(false)));
    expect(sql).not.toContain('OR 1=1');
    expect(sql).toContain('match(`e`.`elements_chain`');
    expect(sql).toContain('extract(`e`.`elements_chain`');
    expect(sql).toContain('arrayExists((`x`) -> ifNull(match(replaceAll(`x`');
    expect(sql).toContain('extractAll(`e`.`elements_chain`');
    expect(sql).toContain(' ILIKE ');
    const values = Object.values(params);
    expect(values).toContain(selectorRegex('div > button.cta'));
    expect(values).toContain(`(?:^|;)x' OR 1=1 --\\\\"\\); \\{team_id:Int64\\}(?:[.:;]|$)`);
    expect(values).toContain(hostile);
    expect(values).toContain(`%x' OR 1=1 --\\\\"); {team\\_id:Int64}%`);

    const ignored = printed(actionExpr(action({ ...steps, event: '$pageview' }), sources(false)));
    expect(ignored.sql).toBe('(`e`.`event` = {p0:String})');
  });

  it('treats empty strings as absent conditions, and a step without conditions as any event', () => {
    const { sql } = printed(
      actionExpr(
        action({ event: '', url: '', selector: '', tag_name: '', href: '', text: '' }),
        sources(false),
      ),
    );
    expect(sql).toBe('1');
    expect(printed(actionExpr(action(), sources(false))).sql).toBe('1');
  });

  it('ANDs step property filters, reading person properties from the person source', () => {
    const step: ActionStep = {
      event: 'purchase',
      properties: [
        { key: 'plan', value: 'pro', type: 'event' },
        { key: 'email', value: '@x.io', operator: 'icontains', type: 'person' },
      ],
    };
    const { sql } = printed(actionExpr(action(step), sources(true)));
    expect(sql).toContain('`person`.`properties`');
    expect(sql.match(/ AND /g)?.length).toBeGreaterThanOrEqual(2);
    expect(() => actionExpr(action(step), sources(false))).toThrow(ApiError);
  });

  it('refuses a stored selector it cannot compile with a 400 naming the action', () => {
    try {
      actionExpr(action({ event: '$autocapture', selector: 'a:hover' }), sources(false));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).statusCode).toBe(400);
      expect((error as ApiError).detail).toMatch(/Action 7 \("Bought"\), step 1: .*":hover"/);
    }
  });
});

describe('actionEventNames', () => {
  it('lists the steps’ event names once each, or null when a step matches any event', () => {
    expect(actionEventNames(action({ event: 'a' }, { event: 'b', url: 'x' }, { event: 'a' }))).toEqual([
      'a',
      'b',
    ]);
    expect(actionEventNames(action({ event: 'a' }, { url: 'x' }))).toBeNull();
    expect(actionEventNames(action({ event: '' }))).toBeNull();
    expect(actionEventNames(action())).toBeNull();
  });
});
