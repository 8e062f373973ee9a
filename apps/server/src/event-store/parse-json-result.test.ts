import { describe, expect, it } from 'vitest';
import { parseJsonResult } from './parse-json-result';

describe('parseJsonResult', () => {
  it('parses complete results', () => {
    expect(parseJsonResult<{ data: number[] }>('{"data":[1]}')).toEqual({ data: [1] });
  });

  it('reports a result cut off by an engine error as that error', () => {
    const cut =
      '{"meta":[{"name":"x","type":"String"}],"data":[{"x":"a"},\nCode: 427. DB::Exception: OptimizedRegularExpression: cannot compile re2: (. (CANNOT_COMPILE_REGEXP)';
    expect(() => parseJsonResult(cut)).toThrow(
      expect.objectContaining({ kind: 'query', clickhouseCode: 427 }),
    );
  });
});
