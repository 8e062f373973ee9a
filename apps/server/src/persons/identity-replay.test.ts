import { describe, expect, it } from 'vitest';
import { type IdentityLink, replayIdentity } from './identity-replay';
import { isIllegalDistinctId } from './illegal-distinct-ids';

const link = (
  ts: number,
  distinctId: string,
  otherId: string,
  kind: IdentityLink['kind'] = 'identify',
): IdentityLink => ({
  uuid: `00000000-0000-7000-8000-${String(ts).padStart(12, '0')}`,
  ts,
  kind,
  distinctId,
  otherId,
});

const partition = (r: ReturnType<typeof replayIdentity>) =>
  r.persons
    .map((p) => ({ key: p.key, ids: p.ids, identified: p.identified }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));

describe('replayIdentity', () => {
  it('merges anonymous browsing into the identified user', () => {
    const seen = new Map([
      ['anon', 1],
      ['user', 5],
    ]);
    const r = replayIdentity(['anon', 'user'], [link(5, 'user', 'anon')], (id) => seen.get(id) ?? null);
    expect(partition(r)).toEqual([{ key: 'anon', ids: ['anon', 'user'], identified: true }]);
    expect(r.persons[0]?.createdAt).toBe(1);
  });

  it('creates one identified person when neither id was seen before the link', () => {
    const r = replayIdentity(['user', 'anon'], [link(5, 'user', 'anon')], (id) => (id === 'user' ? 5 : null));
    expect(partition(r)).toEqual([{ key: 'user', ids: ['anon', 'user'], identified: true }]);
  });

  it('refuses to merge a person who is already identified, unless dangerously', () => {
    const seen = (id: string) => ({ anon: 1, a: 2, b: 4 })[id] ?? null;
    const links = [link(3, 'a', 'anon'), link(5, 'b', 'anon')];
    const r = replayIdentity(['anon', 'a', 'b'], links, seen);
    expect(partition(r)).toEqual([
      { key: 'a', ids: ['a', 'anon'], identified: true },
      { key: 'b', ids: ['b'], identified: false },
    ]);
    expect(r.warnings.map((w) => w.type)).toEqual(['cannot_merge_already_identified']);

    const dangerous = replayIdentity(
      ['anon', 'a', 'b'],
      [link(3, 'a', 'anon'), link(5, 'b', 'anon', 'merge_dangerously')],
      seen,
    );
    expect(partition(dangerous)).toEqual([{ key: 'b', ids: ['a', 'anon', 'b'], identified: true }]);
  });

  it('gives the same persons whatever order the links are listed in', () => {
    const seen = (id: string) => ({ x: 1, y: 2, z: 3, w: 4 })[id] ?? null;
    const links = [link(10, 'y', 'x'), link(11, 'z', 'x'), link(12, 'w', 'z', 'alias'), link(13, 'w', 'y')];
    const expected = partition(replayIdentity(['x', 'y', 'z', 'w'], links, seen));
    for (const order of [
      [3, 2, 1, 0],
      [1, 3, 0, 2],
      [2, 0, 3, 1],
    ]) {
      const shuffled = order.map((i) => links[i]).filter((l): l is IdentityLink => l !== undefined);
      expect(partition(replayIdentity(['w', 'z', 'y', 'x'], shuffled, seen))).toEqual(expected);
    }
  });

  it('never merges on illegal ids', () => {
    const r = replayIdentity(['user'], [link(2, 'user', 'anonymous')], () => 1);
    expect(partition(r)).toEqual([{ key: 'user', ids: ['user'], identified: false }]);
    expect(r.warnings[0]?.type).toBe('cannot_merge_with_illegal_distinct_id');
  });
});

describe('isIllegalDistinctId', () => {
  it('knows PostHog’s placeholder ids, quoted or not', () => {
    for (const id of [
      'anonymous',
      'Anonymous',
      'null',
      '"null"',
      "'undefined'",
      '0',
      '[object Object]',
      'NaN',
      '  ',
      'EMAIL',
    ]) {
      expect(isIllegalDistinctId(id), id).toBe(true);
    }
    for (const id of ['user-1', 'NULL', 'nan', '00', 'ada@example.com']) {
      expect(isIllegalDistinctId(id), id).toBe(false);
    }
  });
});
