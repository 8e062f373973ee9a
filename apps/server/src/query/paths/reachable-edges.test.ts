import { describe, expect, it } from 'vitest';
import { reachableEdges } from './reachable-edges';

const edge = (source: string, target: string) => ({ source, target });

describe('reachableEdges', () => {
  it('drops edges that no first-step node leads to, keeping the order', () => {
    const edges = [
      edge('1_/2', '2_/3'),
      edge('2_/3', '3_/4'),
      edge('3_/x', '4_/about'),
      edge('1_/2', '2_/a'),
      edge('3_/4', '4_/5'),
    ];
    expect(reachableEdges(edges)).toEqual([
      edge('1_/2', '2_/3'),
      edge('2_/3', '3_/4'),
      edge('1_/2', '2_/a'),
      edge('3_/4', '4_/5'),
    ]);
  });

  it('keeps nothing without a first step', () => {
    expect(reachableEdges([edge('2_/a', '3_/b')])).toEqual([]);
  });
});
