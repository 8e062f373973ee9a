import type { Expr } from '../sql/sql-ast';
import { and, col, eq, fn, lambda, not, num, op, or, param, tuple } from '../sql/sql-builders';

/**
 * The funnel of one actor, computed in ClickHouse with `arrayFold` over their events sorted by time.
 * It follows PostHog's funnel UDF (funnel-udf/src/steps.rs; INSIGHTS.md §2.3–2.6):
 *
 * - Input events are tuples `(ts_ms, step_mask, exclusion_mask, breakdown_value, …)`; bit k of
 *   `step_mask` says the event matches step k+1 (steps are 1-based here, as in the UDF), bit e of
 *   `exclusion_mask` that it matches exclusion e.
 * - `prepareFunnelEvents` numbers the events and splits groups of events sharing a timestamp but not
 *   their steps into one entry per step, tried in step order (exclusions are ignored in such a group,
 *   and one event is used once per attempt).
 * - State: `E[j]` (j = 0…n) is the attempt that most recently reached step j: `(start, excluded,
 *   timings, event ids)`; `E[0]` is the virtual attempt starting at the current event. An event of step
 *   j advances `E[j-1]` into `E[j]` if it is within the window of that attempt's start and the attempt
 *   did not already reach step j. `MAX` is the first attempt that reached the deepest step.
 * - An exclusion event marks attempts between its steps (within their window) as excluded; an excluded
 *   attempt no longer advances, and an actor whose `MAX` is excluded leaves the funnel entirely.
 * - Strict funnels clear every attempt whose step the event does not match.
 *
 * Unordered funnels count how many distinct steps were done within one window (unordered_steps.rs):
 * per step the latest time it was done; an event matching several steps counts for the one done
 * longest ago; an exclusion clears the progress (but not what was already reached).
 */
export interface FunnelFoldOptions {
  steps: number;
  order: 'ordered' | 'strict' | 'unordered';
  windowMs: number;
  exclusions: { from: number; to: number }[];
  /** 1-based numbers of the steps that may be skipped (ordered and strict funnels). */
  optional: number[];
}

const el = (t: Expr, i: number) => fn('tupleElement', t, num(i));
const item = (arr: Expr, index: Expr) => fn('arrayElement', arr, index);
const plus = (e: Expr, n: number) => op('+', e, num(n));
const minus = (e: Expr, n: number) => op('-', e, num(n));

/**
 * Numbers the sorted events and splits same-time groups with different steps into per-step entries:
 * `(ts, step_mask, exclusion_mask, breakdown_value, id, multi)`.
 */
export function prepareFunnelEvents(sorted: Expr): Expr {
  const e1 = fn(
    'arrayMap',
    lambda(
      ['e', 'i'],
      tuple(el(col('e'), 1), el(col('e'), 2), el(col('e'), 3), el(col('e'), 4), fn('toUInt32', col('i'))),
    ),
    sorted,
    fn('arrayEnumerate', sorted),
  );
  const newGroup = fn(
    'arrayMap',
    lambda(
      ['i'],
      or(
        eq(col('i'), num(1)),
        op('!=', el(item(col('numbered'), col('i')), 1), el(item(col('numbered'), minus(col('i'), 1)), 1)),
      ),
    ),
    fn('arrayEnumerate', col('numbered')),
  );
  const groups = fn('arraySplit', lambda(['e', 'f'], col('f')), col('numbered'), newGroup);
  const same = (g: Expr) =>
    or(
      eq(fn('length', g), num(1)),
      eq(fn('length', fn('arrayDistinct', fn('arrayMap', lambda(['e'], el(col('e'), 2)), g))), num(1)),
    );
  const keep = (g: Expr) =>
    fn(
      'arrayMap',
      lambda(
        ['e'],
        tuple(
          el(col('e'), 1),
          el(col('e'), 2),
          el(col('e'), 3),
          el(col('e'), 4),
          el(col('e'), 5),
          fn('toUInt8', num(0)),
        ),
      ),
      g,
    );
  const split = (g: Expr) =>
    fn(
      'arraySort',
      lambda(['e'], el(col('e'), 2)),
      fn(
        'arrayFlatten',
        fn(
          'arrayMap',
          lambda(
            ['e'],
            fn(
              'arrayMap',
              lambda(
                ['b'],
                tuple(
                  el(col('e'), 1),
                  fn('bitShiftLeft', fn('toUInt64', num(1)), col('b')),
                  fn('toUInt64', num(0)),
                  el(col('e'), 4),
                  el(col('e'), 5),
                  fn('toUInt8', num(1)),
                ),
              ),
              fn('bitPositionsToArray', el(col('e'), 2)),
            ),
          ),
          g,
        ),
      ),
    );
  const body = fn(
    'arrayFlatten',
    fn('arrayMap', lambda(['g'], fn('if', same(col('g')), keep(col('g')), split(col('g')))), groups),
  );
  return letIn('numbered', e1, body);
}

/**
 * The fold over prepared events: `(timings, optional_mask)` of the best attempt, the times of the
 * mandatory steps it reached (empty: not in the funnel) and, as bits (step k+1 → bit k), the optional
 * steps it went through.
 */
export function funnelFold(events: Expr, options: FunnelFoldOptions): Expr {
  return options.order === 'unordered'
    ? tuple(unorderedFold(events, options), fn('toUInt64', num(0)))
    : orderedFold(events, options);
}

function orderedFold(events: Expr, o: FunnelFoldOptions): Expr {
  const n = o.steps;
  const acc = col('acc');
  const x = col('x');
  const E = el(acc, 1);
  const MAXSTEP = el(acc, 2);
  const MAX = el(acc, 3);
  const ts = el(x, 1);
  const mask = el(x, 2);
  const exmask = el(x, 3);
  const id = el(x, 5);
  const multi = el(x, 6);
  const W = param(o.windowMs, 'Int64');
  const entry = (start: Expr, excluded: Expr, timings: Expr, ids: Expr, steps: Expr) =>
    tuple(start, fn('toUInt8', excluded), timings, ids, fn('toUInt64', steps));
  const none = num(0);
  const empty = entry(fn('toInt64', num(0)), num(0), fn('emptyArrayInt64'), fn('emptyArrayUInt32'), none);
  const virtual = entry(ts, num(0), fn('emptyArrayInt64'), fn('emptyArrayUInt32'), none);
  const optional = param(o.optional, 'Array(UInt8)');
  const isOptional = (k: Expr) => (o.optional.length === 0 ? num(0) : fn('has', optional, k));
  /** E[j] (0-based j), 1-based in ClickHouse. */
  const at = (j: Expr) => item(E, plus(j, 1));
  const start = (e: Expr) => el(e, 1);
  const excluded = (e: Expr) => el(e, 2);
  const j = col('j');
  const inWindow = (e: Expr) => and(op('!=', start(e), num(0)), op('<=', op('-', ts, start(e)), W));
  /**
   * The step whose attempt an event of step `k` advances: k−1, or, going back over optional steps
   * that have no attempt in the window, the closest earlier one (the UDF's walk back). The walk is
   * unrolled for each step over the (static) optional steps, so it adds no lambda to the fold.
   */
  const optionalSet = new Set(o.optional);
  const walkBack = (p: number): Expr =>
    p > 0 && optionalSet.has(p) ? fn('if', inWindow(at(num(p))), num(p), walkBack(p - 1)) : num(p);
  // Bound once per event (below), like `deepest`.
  const walks = col('walks');
  const walksOf = fn(
    'array',
    ...Array.from({ length: n + 1 }, (_, k) => fn('toUInt8', walkBack(Math.max(k - 1, 0)))),
  );
  const from = (k: Expr): Expr => (o.optional.length === 0 ? minus(k, 1) : item(walks, plus(k, 1)));
  // The attempt an event of step j would advance: the virtual one for step 1.
  const attemptBefore = (k: Expr) => {
    const p = from(k);
    return fn('if', eq(p, num(0)), virtual, at(fn('greatest', p, num(0))));
  };
  const prev = attemptBefore(j);
  const cur = at(j);
  const reached = (next: Expr, e: Expr) => and(eq(start(next), start(e)), op('!=', start(next), num(0)));
  // max(j, 1) keeps bitTest valid for j = 0 (ClickHouse evaluates both branches of an if).
  const stepBit = minus(fn('greatest', j, num(1)), 1);
  const candidate = and(
    op('>', j, num(0)),
    fn('bitTest', mask, stepBit),
    inWindow(prev),
    not(reached(cur, prev)),
    not(and(eq(multi, num(1)), fn('has', el(prev, 4), id))),
  );
  // Optional steps add no timing (timings are the mandatory steps'), only their bit.
  const advanced = (attempt: Expr, k: Expr) =>
    entry(
      start(attempt),
      excluded(attempt),
      fn('if', isOptional(k), el(attempt, 3), fn('arrayPushBack', el(attempt, 3), ts)),
      fn('if', isOptional(k), el(attempt, 4), fn('arrayPushBack', el(attempt, 4), id)),
      fn(
        'bitOr',
        el(attempt, 5),
        fn('bitShiftLeft', fn('toUInt64', num(1)), minus(fn('greatest', k, num(1)), 1)),
      ),
    );
  const froms = param(
    o.exclusions.map((e) => e.from + 1),
    'Array(UInt8)',
  );
  const tos = param(
    o.exclusions.map((e) => e.to),
    'Array(UInt8)',
  );
  /** An exclusion event hits the attempt in E[j] (it reached step j, within its window, not yet step j+1). */
  const excludes = (index: Expr) =>
    o.exclusions.length === 0
      ? num(0)
      : and(
          eq(multi, num(0)),
          fn(
            'arrayExists',
            lambda(
              ['q'],
              and(
                fn('bitTest', exmask, col('q')),
                op('<=', item(froms, plus(col('q'), 1)), index),
                op('<=', index, item(tos, plus(col('q'), 1))),
              ),
            ),
            fn('range', num(o.exclusions.length)),
          ),
          inWindow(at(index)),
          not(fn('if', op('<', index, num(n)), reached(at(plus(index, 1)), at(index)), num(0))),
        );
  const nextEntry = fn(
    'if',
    eq(j, num(0)),
    virtual,
    fn(
      'if',
      and(candidate, eq(excluded(prev), num(0))),
      advanced(prev, j),
      fn(
        'if',
        excludes(j),
        entry(start(cur), num(1), el(cur, 3), el(cur, 4), el(cur, 5)),
        o.order === 'strict'
          ? fn('if', or(eq(multi, num(1)), fn('bitTest', mask, stepBit)), cur, empty)
          : cur,
      ),
    ),
  );
  const nextE = fn('arrayMap', lambda(['j'], nextEntry), fn('range', num(n + 1)));
  // The deepest step this event reaches (also from an excluded attempt), as the UDF's max update.
  // Bound once per event (below): it is read by every part of the max update.
  const deepestOf = fn('arrayLastIndex', lambda(['j'], candidate), fn('range', num(n + 1)));
  const deepest = col('deepest');
  const top = minus(deepest, 1);
  const topEntry = advanced(attemptBefore(top), top);
  const takeTop = and(
    op('>', deepest, num(0)),
    or(op('>', top, MAXSTEP), and(eq(top, MAXSTEP), eq(excluded(MAX), num(1)))),
  );
  const maxHit = and(op('>', MAXSTEP, num(0)), excludes(MAXSTEP), op('<=', op('-', ts, start(MAX)), W));
  const nextMax = fn(
    'if',
    takeTop,
    topEntry,
    fn('if', maxHit, entry(start(MAX), num(1), el(MAX, 3), el(MAX, 4), el(MAX, 5)), MAX),
  );
  const nextMaxStep = fn('if', takeTop, fn('toUInt8', top), MAXSTEP);
  // Once the last step is reached nothing can change any more (the UDF stops there).
  const finished = op('!=', start(item(E, num(n + 1))), num(0));
  const step = lambda(
    ['acc', 'x'],
    fn(
      'if',
      finished,
      acc,
      o.optional.length === 0
        ? letIn('deepest', deepestOf, tuple(nextE, nextMaxStep, nextMax))
        : letIn('walks', walksOf, letIn('deepest', deepestOf, tuple(nextE, nextMaxStep, nextMax))),
    ),
  );
  const init = tuple(
    fn('arrayMap', lambda(['i'], empty), fn('range', num(n + 1))),
    fn('toUInt8', num(0)),
    empty,
  );
  const folded = fn('arrayFold', step, events, init);
  const finalMax = el(col('final_state'), 3);
  const out = fn('if', eq(excluded(finalMax), num(1)), empty, finalMax);
  return letIn('final_state', folded, tuple(el(out, 3), el(out, 5)));
}

function unorderedFold(events: Expr, o: FunnelFoldOptions): Expr {
  const acc = col('acc');
  const x = col('x');
  const L = el(acc, 1);
  const BEST = el(acc, 2);
  const ts = el(x, 1);
  const mask = el(x, 2);
  const ex = el(x, 3);
  const W = param(o.windowMs, 'Int64');
  const big = param(Number.MAX_SAFE_INTEGER, 'Int64');
  const steps = fn('range', num(o.steps));
  const doneWithin = (latest: Expr) =>
    fn(
      'arraySort',
      fn(
        'arrayFilter',
        lambda(['t'], and(op('>', col('t'), num(0)), op('<=', op('-', ts, col('t')), W))),
        latest,
      ),
    );
  const oldest = fn(
    'arrayMin',
    fn('arrayMap', lambda(['t', 'i'], fn('if', fn('bitTest', mask, col('i')), col('t'), big)), L, steps),
  );
  const assigned = fn(
    'arrayFirstIndex',
    lambda(['t', 'i'], and(fn('bitTest', mask, col('i')), eq(col('t'), oldest))),
    L,
    steps,
  );
  const nextL = fn(
    'if',
    op('!=', ex, num(0)),
    fn('arrayMap', lambda(['t'], fn('toInt64', num(0))), L),
    fn('arrayMap', lambda(['t', 'i'], fn('if', eq(plus(col('i'), 1), assigned), ts, col('t'))), L, steps),
  );
  const current = doneWithin(nextL);
  const step = lambda(
    ['acc', 'x'],
    tuple(nextL, fn('if', op('>', fn('length', current), fn('length', BEST)), current, BEST)),
  );
  const init = tuple(fn('arrayMap', lambda(['i'], fn('toInt64', num(0))), steps), fn('emptyArrayInt64'));
  return letIn('final_state', fn('arrayFold', step, events, init), el(col('final_state'), 2));
}

/** `body` with `name` bound to `value` (ClickHouse has no let; a lambda applied to one value is one). */
function letIn(name: string, value: Expr, body: Expr): Expr {
  return fn('arrayElement', fn('arrayMap', lambda([name], body), fn('array', value)), num(1));
}
