import { describe, expect, it } from 'vitest';
import { correlate } from './odds-ratio';

describe('correlate', () => {
  it('computes odds ratios with a prior of one, as PostHog does', () => {
    const { rows, skewed } = correlate(
      [
        { name: 'positively_related', success: 5, failure: 0 },
        { name: 'negatively_related', success: 0, failure: 5 },
      ],
      { success: 10, failure: 10 },
    );
    expect(skewed).toBe(false);
    expect(rows.map((r) => [r.name, r.correlation_type])).toEqual([
      ['positively_related', 'success'],
      ['negatively_related', 'failure'],
    ]);
    // (5+1)(10-0+1) / ((10-5+1)(0+1)) = 66 / 6 = 11; (0+1)(10-5+1) / ((10-0+1)(5+1)) = 6 / 66.
    expect(rows[0]?.odds_ratio).toBeCloseTo(11, 10);
    expect(rows[1]?.odds_ratio).toBeCloseTo(1 / 11, 10);
  });

  it('leaves out dimensions seen by fewer than min(25, 2 %) of the actors', () => {
    const totals = { success: 1000, failure: 1000 };
    const { rows } = correlate(
      [
        { name: 'rare', success: 20, failure: 4 },
        { name: 'common', success: 20, failure: 5 },
      ],
      totals,
    );
    expect(rows.map((r) => r.name)).toEqual(['common']);
    // With 100 actors the threshold is 2.
    expect(correlate([{ name: 'x', success: 1, failure: 0 }], { success: 50, failure: 50 }).rows).toEqual([]);
    expect(
      correlate([{ name: 'x', success: 2, failure: 0 }], { success: 50, failure: 50 }).rows,
    ).toHaveLength(1);
  });

  it('keeps the ten strongest of each side, ordered by strength', () => {
    const dims = Array.from({ length: 15 }, (_, i) => ({ name: `s${i}`, success: 10 + i, failure: 1 }));
    const fails = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, success: 1, failure: 10 + i }));
    const { rows } = correlate([...dims, ...fails], { success: 100, failure: 100 });
    expect(rows.slice(0, 10).map((r) => r.name)).toEqual([
      's14',
      's13',
      's12',
      's11',
      's10',
      's9',
      's8',
      's7',
      's6',
      's5',
    ]);
    expect(rows.slice(10).map((r) => r.name)).toEqual([
      'f11',
      'f10',
      'f9',
      'f8',
      'f7',
      'f6',
      'f5',
      'f4',
      'f3',
      'f2',
    ]);
  });

  it('answers nothing, skewed, without converters or without drop-offs; flags lopsided splits', () => {
    expect(correlate([{ name: 'x', success: 5, failure: 0 }], { success: 5, failure: 0 })).toEqual({
      rows: [],
      skewed: true,
    });
    expect(correlate([], { success: 110, failure: 10 }).skewed).toBe(true);
    expect(correlate([], { success: 100, failure: 10 }).skewed).toBe(false);
  });
});
