import { describe, expect, it } from 'vitest';
import { eventPropertiesParamSchema } from './event-property-filter';

const parse = (filters: unknown) => eventPropertiesParamSchema.safeParse(JSON.stringify(filters));

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
