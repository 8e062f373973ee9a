import type { Expr } from '../sql/sql-ast';
import { eq, fn, str } from '../sql/sql-builders';

/**
 * A property of a JSON properties column as PostHog compares it: strings as themselves (unescaped),
 * numbers and booleans as written (`42`, `true`), objects and arrays as JSON text, and NULL when the
 * property is missing or JSON null. The key is always a bound parameter.
 */
export function propertyString(properties: Expr, key: string): Expr {
  const k = str(key);
  return fn(
    'if',
    eq(fn('JSONType', properties, k), str('String')),
    fn('JSONExtractString', properties, k),
    fn('nullIf', fn('nullIf', fn('JSONExtractRaw', properties, k), str('')), str('null')),
  );
}

/** The property as a number, NULL when missing or not numeric. */
export function propertyNumber(properties: Expr, key: string): Expr {
  return fn('toFloat64OrNull', propertyString(properties, key));
}

/** The property's raw JSON text ('' when missing), for returning typed values to API callers. */
export function propertyJson(properties: Expr, key: string): Expr {
  return fn('JSONExtractRaw', properties, str(key));
}
