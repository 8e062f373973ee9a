import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChdbEventStore } from '../../src/event-store/chdb-event-store';
import { funnelFold, prepareFunnelEvents } from '../../src/query/funnels/funnel-fold';
import { multiStepFunnelFold, needsGeneralFold } from '../../src/query/funnels/multi-step-funnel-fold';
import { simpleFunnelFold } from '../../src/query/funnels/simple-funnel-fold';
import { compileSql } from '../../src/query/sql/compile-sql';
import {
  alias,
  col,
  fn,
  fromQuery,
  lambda,
  num,
  op,
  param,
  select,
  str,
  tuple,
} from '../../src/query/sql/sql-builders';

/** A small deterministic PRNG, so that a failing case can be reproduced. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One actor's events as the funnel planner sorts them: `[ts, step mask, sort key]`, by time then
 * lowest step, with ties in time, repeats of a step, and events that match no step (mask 0, as the
 * step-attribution path leaves them).
 */
function actorEvents(rand: () => number, steps: number, multiStep = false): number[][] {
  const count = Math.floor(rand() * 12);
  let ts = 1_000;
  const events: number[][] = [];
  for (let i = 0; i < count; i++) {
    ts += rand() < 0.2 ? 0 : 1 + Math.floor(rand() * 20);
    let mask = rand() < 0.08 ? 0 : 2 ** Math.floor(rand() * steps);
    // Repeated steps and actions: an event may match several steps, adjacent ones too.
    if (multiStep && mask > 0 && rand() < 0.4) mask |= 2 ** Math.floor(rand() * steps);
    events.push([ts, mask, mask === 0 ? 2 ** 40 : mask & -mask]);
  }
  return events.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[2] as number) - (b[2] as number));
}

describe('simpleFunnelFold', () => {
  let dir: string;
  let store: ChdbEventStore;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedgerow-simple-fold-'));
    store = ChdbEventStore.open({ path: dir, database: 'hedgerow_test' });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers as the general fold for ordered funnels of single-step events, on random actors', async () => {
    await compare(random(20240611), false);
  });

  it('answers as the general fold for events of several steps (repeated steps), ties included', async () => {
    await compare(random(20251207), true);
  });

  async function compare(rand: () => number, multiStep: boolean): Promise<void> {
    for (const steps of [2, 3, 5]) {
      const reached = new Set<number>();
      for (const windowMs of [5, 30, 1_000]) {
        const actors = Array.from({ length: 400 }, () => actorEvents(rand, steps, multiStep));
        // The planner's event tuples: (ts, mask, exclusion mask, breakdown value, sort key).
        const evs = fn(
          'arrayMap',
          lambda(
            ['e'],
            tuple(
              fn('arrayElement', col('e'), num(1)),
              fn('toUInt64', fn('arrayElement', col('e'), num(2))),
              fn('toUInt64', num(0)),
              str(''),
              fn('toUInt64', fn('arrayElement', col('e'), num(3))),
            ),
          ),
          col('raw'),
        );
        const options = { steps, order: 'ordered' as const, windowMs, exclusions: [], optional: [] };
        const general = fn('tupleElement', funnelFold(prepareFunnelEvents(col('evs')), options), num(1));
        const cases = select({
          select: [alias(fn('arrayJoin', param(actors, 'Array(Array(Array(Int64)))')), 'raw')],
        });
        const folded = select({
          select: [
            col('raw'),
            alias(general, 'general'),
            alias(
              fn(
                'if',
                needsGeneralFold(col('evs')),
                general,
                multiStep
                  ? multiStepFunnelFold(col('evs'), { steps, windowMs })
                  : simpleFunnelFold(col('evs'), { steps, windowMs }),
              ),
              'simple',
            ),
          ],
          from: fromQuery(
            select({ select: [col('raw'), alias(evs, 'evs')], from: fromQuery(cases, 'c') }),
            'e',
          ),
        });
        const { rows } = await store.query<{ raw: number[][]; general: number[]; simple: number[] }>(
          compileSql(
            select({
              select: [col('raw'), col('general'), col('simple')],
              from: fromQuery(folded, 'f'),
              where: op('!=', col('general'), col('simple')),
            }),
            { database: 'hedgerow_test', teamId: 1 },
          ),
        );
        expect(rows, `${steps} steps, window ${windowMs}`).toEqual([]);
        const { rows: depths } = await store.query<{ depths: number[] }>(
          compileSql(
            select({
              select: [alias(fn('groupUniqArray', fn('length', col('simple'))), 'depths')],
              from: fromQuery(folded, 'f'),
            }),
            { database: 'hedgerow_test', teamId: 1 },
          ),
        );
        for (const d of depths[0]?.depths ?? []) reached.add(d);
      }
      // The cases reach every depth, so the comparison is not vacuous.
      expect(reached).toEqual(new Set(Array.from({ length: steps + 1 }, (_, i) => i)));
    }
  }
});
