import type { Expr } from '../sql/sql-ast';
import { fn, str } from '../sql/sql-builders';

/**
 * A property of a JSON properties column as PostHog compares it: the string form of the value
 * (strings without their quotes, numbers and booleans as written: `42`, `true`), NULL when the property
 * is missing or JSON null. The key is always a bound parameter.
 */
export function propertyString(properties: Expr, key: string): Expr {
  const raw = fn('JSONExtractRaw', properties, str(key));
  return fn('replaceRegexpAll', fn('nullIf', fn('nullIf', raw, str('')), str('null')), str('^"|"$'), str(''));
}

/** The property as a number, NULL when missing or not numeric. */
export function propertyNumber(properties: Expr, key: string): Expr {
  return fn('toFloat64OrNull', propertyString(properties, key));
}
