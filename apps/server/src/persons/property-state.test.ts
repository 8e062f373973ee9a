import { describe, expect, it } from 'vitest';
import { applyOperations, joinState, materialize, operationsOf, type PropertyState } from './property-state';

const at = (ts: number, uuid = `u${ts}`) => ({ ts, uuid });

describe('property state', () => {
  it('keeps the latest $set and the earliest $set_once whatever the order', () => {
    const ops = [
      { ops: { set: { plan: 'free' }, setOnce: { first: 'a' } }, stamp: at(1) },
      { ops: { set: { plan: 'pro' }, setOnce: { first: 'b' } }, stamp: at(3) },
      { ops: { set: { plan: 'team' }, setOnce: { first: 'c' } }, stamp: at(2) },
    ];
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 0, 2],
    ]) {
      const state: PropertyState = {};
      for (const i of order) {
        const o = ops[i];
        if (o) applyOperations(state, o.ops, o.stamp);
      }
      expect(materialize(state)).toEqual({ plan: 'pro', first: 'a' });
    }
  });

  it('lets the latest of $set and $unset win, and $set override $set_once', () => {
    const state: PropertyState = {};
    applyOperations(state, { setOnce: { x: 'once' } }, at(1));
    expect(materialize(state)).toEqual({ x: 'once' });
    applyOperations(state, { set: { x: 'set' } }, at(0));
    expect(materialize(state)).toEqual({ x: 'set' });
    applyOperations(state, { unset: ['x'] }, at(5));
    expect(materialize(state)).toEqual({});
    applyOperations(state, { set: { x: 'back' } }, at(4));
    expect(materialize(state)).toEqual({});
    applyOperations(state, { set: { x: 'later' } }, at(6));
    expect(materialize(state)).toEqual({ x: 'later' });
  });

  it('breaks timestamp ties by event uuid, so equal times stay deterministic', () => {
    const a: PropertyState = {};
    const b: PropertyState = {};
    applyOperations(a, { set: { k: 'A' } }, at(1, 'aaa'));
    applyOperations(a, { set: { k: 'B' } }, at(1, 'bbb'));
    applyOperations(b, { set: { k: 'B' } }, at(1, 'bbb'));
    applyOperations(b, { set: { k: 'A' } }, at(1, 'aaa'));
    expect(materialize(a)).toEqual(materialize(b));
  });

  it('joins commutatively and idempotently', () => {
    const a: PropertyState = {};
    const b: PropertyState = {};
    applyOperations(a, { set: { name: 'anon' }, setOnce: { src: 'ad' } }, at(1));
    applyOperations(b, { set: { name: 'Ada' }, setOnce: { src: 'direct' } }, at(2));
    const ab = structuredClone(a);
    joinState(ab, b);
    const ba = structuredClone(b);
    joinState(ba, a);
    expect(ab).toEqual(ba);
    expect(joinState(ab, b)).toBe(false);
    expect(materialize(ab)).toEqual({ name: 'Ada', src: 'ad' });
  });

  it('reads operations from properties, with $unset as a list or an object', () => {
    expect(operationsOf({ $set: { a: 1 }, $unset: ['b'] })).toEqual({ set: { a: 1 }, unset: ['b'] });
    expect(operationsOf({ $unset: { c: null } })).toEqual({ unset: ['c'] });
    expect(operationsOf({ foo: 1 })).toBeNull();
  });
});
