import type { Expr } from '../sql/sql-ast';
import { and, array, col, fn, lambda, num, op, param } from '../sql/sql-builders';
import type { RetentionActors } from './retention-actors';
import type { RetentionPeriods } from './retention-periods';

/** The lags (0 and k of each returning period p + k, k < intervals) of cohort `p`, from `returns`. */
function arrayLags(periods: RetentionPeriods): Expr {
  return fn(
    'arrayConcat',
    array(num(0)),
    fn(
      'arrayFilter',
      lambda(['k'], and(op('>', col('k'), num(0)), op('<', col('k'), param(periods.intervals, 'Int64')))),
      fn('arrayMap', lambda(['r'], op('-', col('r'), col('p'))), col('returns')),
    ),
  );
}

/** The same lags from `return_mask`: its bits from p on, bit 0 set for the cohort itself. */
function maskLags(periods: RetentionPeriods): Expr {
  // The shift is UInt8 because a signed one makes the result signed, and shifting a negative Int64
  // (bit 63 set) right fills it with ones.
  let lags = fn(
    'bitOr',
    fn('bitShiftRight', col('return_mask'), fn('toUInt8', col('p'))),
    fn('toUInt64', num(1)),
  );
  // Only lags below `intervals` count; with fewer intervals than periods, higher bits are cleared.
  if (periods.intervals < periods.starts.length) {
    const below = fn(
      'toUInt64',
      op('-', fn('bitShiftLeft', fn('toUInt64', num(1)), param(periods.intervals, 'UInt8')), num(1)),
    );
    lags = fn('bitAnd', lags, below);
  }
  return fn('bitPositionsToArray', lags);
}

/**
 * The lags of a cohort membership: 0 for the cohort itself and k for each returning period p + k
 * (k < intervals), from a row of the per-actor query with the cohort's index as column `p`.
 */
export function retentionLags(actors: RetentionActors, periods: RetentionPeriods): Expr {
  return actors.returnMask ? maskLags(periods) : arrayLags(periods);
}
