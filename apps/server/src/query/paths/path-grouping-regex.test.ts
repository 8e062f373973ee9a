import { describe, expect, it } from 'vitest';
import { pathGroupingRegex } from './path-grouping-regex';

describe('pathGroupingRegex', () => {
  it('turns * into .* and escapes everything else', () => {
    expect(pathGroupingRegex('/bar/*/foo')).toBe('/bar/.*/foo');
    expect(pathGroupingRegex('/3?q=1')).toBe('/3\\?q=1');
    expect(pathGroupingRegex('(a+)+')).toBe('\\(a\\+\\)\\+');
    expect(pathGroupingRegex('1.*')).toBe('1\\..*');
    expect(pathGroupingRegex('a b')).toBe('a\\ b');
  });

  it('keeps a literal backslash before * literal', () => {
    expect(pathGroupingRegex('\\*')).toBe('\\\\.*');
  });
});
