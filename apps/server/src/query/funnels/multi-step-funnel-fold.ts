import type { Expr } from '../sql/sql-ast';
import { and, col, eq, fn, lambda, num, op, or, param, tuple } from '../sql/sql-builders';

const el = (t: Expr, i: number) => fn('tupleElement', t, num(i));
const item = (arr: Expr, index: Expr) => fn('arrayElement', arr, index);

/**
 * The funnel of one actor for an ordered (not strict) funnel without exclusions or optional steps
 * whose events may match several steps (repeated steps, actions): simpleFunnelFold generalized, with
 * the same answer as funnelFold (funnel-fold.ts) in a fraction of the SQL.
 * There exclusions never come into play, and the state shrinks to each level's step times (a
 * level's attempt starts at its first time). For an event whose step mask has bit k−1 set:
 *
 * - step 1 at `ts` starts an attempt in E[1], unless E[1] already started at `ts`;
 * - step k > 1 advances the attempt in E[k−1] into E[k] when it started within the window and E[k]
 *   does not already hold it;
 * - an event of several steps (a repeated step, an action) updates every such level from the state
 *   before the event, as the UDF does, so it advances any one attempt by one step only;
 * - the first attempt to reach a deeper step than any before is the answer; nothing changes once the
 *   last step is reached.
 *
 * One case differs: events that share a timestamp but not their steps, one of them matching several
 * steps, which the UDF splits into one entry per step (prepareFunnelEvents). `needsGeneralFold`
 * finds such actors, and the planner folds those with funnelFold.
 *
 * The general fold builds and compares every level's tuple on every event and spells out each rule
 * for every step; its SQL is many times larger, and ClickHouse spent longer analysing it than running
 * it. `sorted` holds the actor's events `(ts_ms, step_mask, …)` in time order (then by step); the value
 * is the best attempt's step times (empty: not in the funnel).
 */
export function multiStepFunnelFold(sorted: Expr, options: { steps: number; windowMs: number }): Expr {
  const n = options.steps;
  const W = param(options.windowMs, 'Int64');
  const events = fn(
    'arrayMap',
    lambda(['e'], tuple(fn('toInt64', el(col('e'), 1)), fn('toUInt64', el(col('e'), 2)))),
    sorted,
  );
  const acc = col('acc');
  const x = col('x');
  const E = el(acc, 1);
  const maxStep = el(acc, 2);
  const ts = el(x, 1);
  const mask = el(x, 2);
  const j = col('j');
  const cur = item(E, j);
  // max(j − 1, 1) keeps the index valid for j = 1 (ClickHouse evaluates both branches of an if).
  const prev = item(E, fn('greatest', op('-', j, num(1)), num(1)));
  const first = (times: Expr) => item(times, num(1));
  const advancesAt = and(
    fn('bitTest', mask, op('-', j, num(1))),
    fn(
      'if',
      eq(j, num(1)),
      or(fn('empty', cur), op('!=', first(cur), ts)),
      and(
        fn('notEmpty', prev),
        op('<=', op('-', ts, first(prev)), W),
        or(fn('empty', cur), op('!=', first(cur), first(prev))),
      ),
    ),
  );
  const advancedAt = (level: Expr, before: Expr) =>
    fn('if', eq(level, num(1)), fn('array', ts), fn('arrayPushBack', before, ts));
  const levels = fn('range', num(1), num(n + 1));
  // Which levels this event advances, bound once per event: read by the new state and the max update.
  const adv = col('adv');
  const advances = fn('arrayMap', lambda(['j'], advancesAt), levels);
  const nextE = fn(
    'arrayMap',
    lambda(['t', 'a', 'j'], fn('if', col('a'), advancedAt(j, prev), col('t'))),
    E,
    adv,
    levels,
  );
  const deepest = fn('arrayLastIndex', lambda(['a'], col('a')), adv);
  const deeper = op('>', col('deepest'), maxStep);
  const deepestAdvanced = advancedAt(
    col('deepest'),
    item(E, fn('greatest', op('-', col('deepest'), num(1)), num(1))),
  );
  const finished = fn('notEmpty', item(E, num(n)));
  const step = lambda(
    ['acc', 'x'],
    fn(
      'if',
      finished,
      acc,
      letIn(
        'adv',
        advances,
        letIn(
          'deepest',
          deepest,
          tuple(
            nextE,
            fn('toUInt8', fn('if', deeper, col('deepest'), maxStep)),
            fn('if', deeper, deepestAdvanced, el(acc, 3)),
          ),
        ),
      ),
    ),
  );
  const init = tuple(
    fn('arrayMap', lambda(['i'], fn('emptyArrayInt64')), fn('range', num(n))),
    fn('toUInt8', num(0)),
    fn('emptyArrayInt64'),
  );
  return el(fn('arrayFold', step, events, init), 3);
}

/**
 * Whether an actor's sorted events hold a group sharing a timestamp but not their step masks, one
 * of whose events matches several steps: the one case multiStepFunnelFold does not answer as the UDF.
 */
export function needsGeneralFold(sorted: Expr): Expr {
  const at = (i: Expr) => item(sorted, i);
  const i = col('i');
  const before = op('-', i, num(1));
  const several = (e: Expr) => op('>', fn('bitCount', el(e, 2)), num(1));
  return fn(
    'arrayExists',
    lambda(
      ['i'],
      and(
        eq(el(at(i), 1), el(at(before), 1)),
        op('!=', el(at(i), 2), el(at(before), 2)),
        or(several(at(i)), several(at(before))),
      ),
    ),
    fn('range', num(2), op('+', fn('length', sorted), num(1))),
  );
}

function letIn(name: string, value: Expr, body: Expr): Expr {
  return fn('arrayElement', fn('arrayMap', lambda([name], body), fn('array', value)), num(1));
}
