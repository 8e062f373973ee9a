import { describe, expect, it } from 'vitest';
import { compilePropertyFilters } from './compile-property-filters';
import { eventPropertiesParamSchema } from './event-property-filter';

const parse = (filters: unknown) => eventPropertiesParamSchema.safeParse(JSON.stringify(filters));
const compile = (filters: unknown) => {
  const parsed = parse(filters);
  if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues));
  return compilePropertyFilters(parsed.data, { column: 'properties', prefix: 'p' });
};

describe('eventPropertiesParamSchema', () => {
  it('normalizes values to the strings PostHog compares, with exact as the default operator', () => {
    const parsed = parse([
      { key: 'plan', value: 'pro', type: 'event' },
      { key: 'n', value: [1, true, 'x'], operator: 'is_not' },
      { key: 'price', value: ' 5', operator: 'gt', label: 'ignored' },
      { key: 'seen', operator: 'is_set', value: 'is_set' },
    ]);
    expect(parsed.success && parsed.data).toEqual([
      { key: 'plan', operator: 'exact', values: ['pro'] },
      { key: 'n', operator: 'is_not', values: ['1', 'true', 'x'] },
      { key: 'price', operator: 'gt', values: ['5'] },
      { key: 'seen', operator: 'is_set', values: ['is_set'] },
    ]);
  });

  it('names the filter and field that is wrong', () => {
    const cases: [unknown, (string | number)[]][] = [
      [[{ key: 'a', value: 'x', type: 'person' }], [0, 'type']],
      [
        [
          { key: 'a', value: 'x' },
          { key: 'b', value: 'x', operator: 'between' },
        ],
        [1, 'operator'],
      ],
      [[{ key: '', value: 'x' }], [0, 'key']],
      [[{ key: 'a', operator: 'gt', value: 'ten' }], [0, 'value']],
      [[{ key: 'a', operator: 'lt', value: [1, 'x'] }], [0, 'value', 1]],
      [[{ key: 'a', operator: 'icontains' }], [0, 'value']],
      [[{ key: 'a', value: { nested: 1 } }], [0, 'value']],
    ];
    for (const [filters, path] of cases) {
      const parsed = parse(filters);
      expect(parsed.success, JSON.stringify(filters)).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(path);
    }
  });

  it('refuses text that is not a JSON array', () => {
    expect(eventPropertiesParamSchema.safeParse('{not json').success).toBe(false);
    expect(eventPropertiesParamSchema.safeParse('{"key":"a"}').success).toBe(false);
  });
});

describe('compilePropertyFilters', () => {
  it('keeps every key and value out of the SQL text', () => {
    const hostile = `x' OR 1=1 --\\"); DROP TABLE events; {team:Int64} \u202e😀`;
    const { conditions, params } = compile([
      { key: hostile, value: hostile },
      { key: hostile, value: [hostile, hostile], operator: 'not_icontains' },
      { key: hostile, value: hostile, operator: 'regex' },
      { key: hostile, value: 3, operator: 'lte' },
      { key: hostile, operator: 'is_not_set' },
    ]);
    const sql = conditions.join(' AND ');
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain("x'");
    expect(Object.values(params)).toContain(hostile);
    for (const [, name] of sql.matchAll(/\{(\w+):[^}]+\}/g)) expect(params).toHaveProperty(name as string);
  });

  it('writes PostHog semantics: negatives match missing properties, lists use membership', () => {
    const { conditions, params } = compile([
      { key: 'a', value: ['x', 'y'] },
      { key: 'b', value: 'x', operator: 'is_not' },
      { key: 'c', value: ['^a', 'b$'], operator: 'regex' },
      { key: 'd', value: 2, operator: 'gte' },
    ]);
    expect(conditions[0]).toMatch(
      /^\(JSONType\(properties, \{p0_key:String\}\) != 'Null' AND .* IN \{p0_values:Array\(String\)\}\)$/,
    );
    expect(conditions[1]).toMatch(/^NOT \(/);
    expect(conditions[2]).toContain('match(');
    expect(conditions[2]).toContain('{p2_v1:String}');
    expect(conditions[3]).toContain('>= {p3_v0:Float64}');
    expect(params).toMatchObject({ p0_values: ['x', 'y'], p2_v0: '^a', p2_v1: 'b$', p3_v0: '2' });
  });

  it('treats an empty list as no condition', () => {
    expect(compile([{ key: 'a', value: [] }]).conditions).toEqual([]);
  });
});
