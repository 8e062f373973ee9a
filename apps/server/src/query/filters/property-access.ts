import type { Expr } from '../sql/sql-ast';
import { fn, str } from '../sql/sql-builders';

/**
 * A property of a JSON properties column as PostHog compares it: strings as themselves (unescaped),
 * numbers and booleans as written (`42`, `true`), objects and arrays as JSON text, and NULL when the
 * property is missing or JSON null. The key is always a bound parameter.
 *
 * `JSONExtract(…, 'Nullable(String)')` does all of that in one parse of the properties (ClickHouse
 * writes a non-string value as its JSON text), where JSONType + JSONExtractString/JSONExtractRaw
 * parsed them twice per read: parsing is most of the cost of reading a property on every event.
 */
export function propertyString(properties: Expr, key: string): Expr {
  return fn('JSONExtract', properties, str(key), str('Nullable(String)'));
}

/** The property as a number, NULL when missing or not numeric. */
export function propertyNumber(properties: Expr, key: string): Expr {
  return fn('toFloat64OrNull', propertyString(properties, key));
}

/** The property's raw JSON text ('' when missing), for returning typed values to API callers. */
export function propertyJson(properties: Expr, key: string): Expr {
  return fn('JSONExtractRaw', properties, str(key));
}
