import { describe, expect, it } from 'vitest';
import { addBreakdown, readBreakdowns, writeBreakdowns } from './breakdown-items';

describe('breakdown items', () => {
  it('round-trips one property, several, and cohorts', () => {
    const one = { breakdown_type: 'event' as const, breakdown: '$browser', breakdown_limit: 10 };
    expect(readBreakdowns(one)).toEqual([{ type: 'event', key: '$browser' }]);
    expect(writeBreakdowns(readBreakdowns(one), one)).toEqual(one);

    const many = writeBreakdowns(
      [
        { type: 'event', key: '$browser' },
        { type: 'group', key: 'plan', group_type_index: 1 },
      ],
      null,
    );
    expect(many).toEqual({
      breakdowns: [
        { property: '$browser', type: 'event' },
        { property: 'plan', type: 'group', group_type_index: 1 },
      ],
    });
    expect(readBreakdowns(many)).toHaveLength(2);

    const cohorts = writeBreakdowns(
      [
        { type: 'cohort', key: '3' },
        { type: 'cohort', key: 'all' },
      ],
      null,
    );
    expect(cohorts).toEqual({ breakdown_type: 'cohort', breakdown: [3, 'all'] });
    expect(readBreakdowns(cohorts)).toEqual([
      { type: 'cohort', key: '3' },
      { type: 'cohort', key: 'all' },
    ]);
    expect(writeBreakdowns([], one)).toBeNull();
  });

  it('does not mix cohorts and properties, and keeps at most max properties', () => {
    const props = [
      { type: 'event' as const, key: 'a' },
      { type: 'event' as const, key: 'b' },
    ];
    expect(addBreakdown(props, { type: 'cohort', key: '1' }, 3)).toEqual([{ type: 'cohort', key: '1' }]);
    expect(addBreakdown(props, { type: 'person', key: 'c' }, 2)).toEqual([
      props[1],
      { type: 'person', key: 'c' },
    ]);
    expect(addBreakdown(props, { type: 'event', key: 'a' }, 3)).toEqual(props);
  });
});
