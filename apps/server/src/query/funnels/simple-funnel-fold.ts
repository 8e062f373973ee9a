import type { Expr } from '../sql/sql-ast';
import { and, col, eq, fn, lambda, num, op, or, param, tuple } from '../sql/sql-builders';

const el = (t: Expr, i: number) => fn('tupleElement', t, num(i));
const item = (arr: Expr, index: Expr) => fn('arrayElement', arr, index);

/**
 * The funnel of one actor for the common case, with the same answer as funnelFold (funnel-fold.ts)
 * in a fraction of the SQL: an ordered (not strict) funnel without exclusions or optional steps, whose
 * events each match at most one step (steps of distinct event names). There, an event of step k only
 * ever changes the attempt in E[k], exclusions and multi-step events never come into play, and the
 * state shrinks to each level's step times (a level's attempt starts at its first time):
 *
 * - step 1 at `ts` starts an attempt in E[1], unless E[1] already started at `ts`;
 * - step k > 1 advances the attempt in E[k−1] into E[k] when it started within the window and E[k]
 *   does not already hold it;
 * - the first attempt to reach a deeper step than any before is the answer; nothing changes once the
 *   last step is reached.
 *
 * The general fold builds and compares every level's tuple on every event and spells out each rule
 * for every step; its SQL is many times larger, and ClickHouse spent longer analysing it than running
 * it. `sorted` holds the actor's events `(ts_ms, step_mask, …)` in time order (then by step); the value
 * is the best attempt's step times (empty: not in the funnel).
 */
export function simpleFunnelFold(sorted: Expr, options: { steps: number; windowMs: number }): Expr {
  const n = options.steps;
  const W = param(options.windowMs, 'Int64');
  // Each event as (ts, k): k is the 1-based step its single mask bit names, 0 for none.
  const mask = el(col('e'), 2);
  const events = fn(
    'arrayMap',
    lambda(
      ['e'],
      tuple(
        fn('toInt64', el(col('e'), 1)),
        fn('toUInt8', fn('if', eq(mask, num(0)), num(0), op('+', fn('log2', mask), num(1)))),
      ),
    ),
    sorted,
  );
  const acc = col('acc');
  const x = col('x');
  const E = el(acc, 1);
  const maxStep = el(acc, 2);
  const ts = el(x, 1);
  const k = el(x, 2);
  const cur = item(E, k);
  const prev = item(E, op('-', k, num(1)));
  const first = (times: Expr) => item(times, num(1));
  const advances = and(
    op('>', k, num(0)),
    fn(
      'if',
      eq(k, num(1)),
      or(fn('empty', cur), op('!=', first(cur), ts)),
      and(
        fn('notEmpty', prev),
        op('<=', op('-', ts, first(prev)), W),
        or(fn('empty', cur), op('!=', first(cur), first(prev))),
      ),
    ),
  );
  const advanced = fn('if', eq(k, num(1)), fn('array', ts), fn('arrayPushBack', prev, ts));
  const deeper = and(advances, op('>', k, maxStep));
  const nextE = fn(
    'arrayMap',
    lambda(['t', 'j'], fn('if', and(advances, eq(col('j'), k)), advanced, col('t'))),
    E,
    fn('arrayEnumerate', E),
  );
  const finished = fn('notEmpty', item(E, num(n)));
  const step = lambda(
    ['acc', 'x'],
    fn(
      'if',
      finished,
      acc,
      tuple(nextE, fn('toUInt8', fn('if', deeper, k, maxStep)), fn('if', deeper, advanced, el(acc, 3))),
    ),
  );
  const init = tuple(
    fn('arrayMap', lambda(['i'], fn('emptyArrayInt64')), fn('range', num(n))),
    fn('toUInt8', num(0)),
    fn('emptyArrayInt64'),
  );
  return el(fn('arrayFold', step, events, init), 3);
}
