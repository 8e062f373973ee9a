import { describe, expect, it } from 'vitest';
import { Formula } from './formula';

describe('Formula', () => {
  it('evaluates with precedence, parentheses and unary minus', () => {
    expect(Formula.parse('A+2*B', 2).evaluate([1, 3])).toBe(7);
    expect(Formula.parse('(A - B) / A * 100', 2).evaluate([4, 1])).toBe(75);
    expect(Formula.parse('-a+c', 3).evaluate([1, 0, 5])).toBe(4);
    expect(Formula.parse('B/A', 2).evaluate([3, 1])).toBeCloseTo(1 / 3);
    expect(Formula.parse('A/B', 2).evaluate([3, 0])).toBe(0);
  });

  it('refuses what it cannot read', () => {
    expect(() => Formula.parse('A+C', 2)).toThrow(/does not exist/);
    expect(() => Formula.parse('A+', 1)).toThrow(/ends too early/);
    expect(() => Formula.parse('(A', 1)).toThrow(/not closed/);
    expect(() => Formula.parse('A; DROP', 1)).toThrow(/unexpected/);
    expect(() => Formula.parse('process.exit()', 1)).toThrow();
  });
});
