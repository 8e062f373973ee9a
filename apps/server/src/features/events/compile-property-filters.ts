import type { QueryParam } from '../../event-store/event-store';
import type { EventPropertyFilter } from './event-property-filter';

export interface CompiledPropertyFilters {
  /** Boolean SQL expressions, to be joined with AND; they reference only the params below. */
  conditions: string[];
  params: Record<string, QueryParam>;
}

/**
 * Turns event property filters into ClickHouse conditions over a JSON string column, with PostHog's
 * semantics (INSIGHTS.md §0.3):
 * - a property is compared as a string: JSON strings unescaped, anything else in its JSON form, so
 *   `5` matches "5" and `true` matches "true";
 * - positive operators never match a missing (or JSON null) property, negative ones (`is_not`,
 *   `not_icontains`, `not_regex`) do;
 * - several values: `exact`/`is_not` test membership, other operators match if any value does
 *   (negative ones if none does); an empty list matches everything;
 * - `gt`/`lt`/`gte`/`lte` compare numerically; a property that is not a number never matches.
 *
 * Keys and values are bound parameters (`{p0_key:String}`), never SQL text, so no filter value can
 * change the query. `column` must be a trusted identifier chosen by the caller; `prefix` keeps these
 * parameter names apart from the caller's.
 */
export function compilePropertyFilters(
  filters: readonly EventPropertyFilter[],
  options: { column: string; prefix: string },
): CompiledPropertyFilters {
  const conditions: string[] = [];
  const params: Record<string, QueryParam> = {};
  for (const [i, filter] of filters.entries()) {
    const condition = compileOne(filter, `${options.prefix}${i}`, options.column, params);
    if (condition !== null) conditions.push(condition);
  }
  return { conditions, params };
}

/** One filter's condition (null when it matches everything), adding its values to `params`. */
function compileOne(
  filter: EventPropertyFilter,
  name: string,
  col: string,
  params: Record<string, QueryParam>,
): string | null {
  const key = `{${name}_key:String}`;
  params[`${name}_key`] = filter.key;
  const present = `JSONType(${col}, ${key}) != 'Null'`;
  const text = `if(JSONType(${col}, ${key}) = 'String', JSONExtractString(${col}, ${key}), JSONExtractRaw(${col}, ${key}))`;
  const list = () => {
    params[`${name}_values`] = filter.values;
    return `{${name}_values:Array(String)}`;
  };
  const each = (type: 'String' | 'Float64', expr: (param: string) => string) =>
    filter.values
      .map((value, j) => {
        params[`${name}_v${j}`] = value;
        return expr(`{${name}_v${j}:${type}}`);
      })
      .join(' OR ');

  const { operator } = filter;
  if (operator === 'is_set') return `(${present})`;
  if (operator === 'is_not_set') return `NOT (${present})`;
  if (filter.values.length === 0) return null;
  switch (operator) {
    case 'exact':
      return `(${present} AND ${text} IN ${list()})`;
    case 'is_not':
      return `NOT (${present} AND ${text} IN ${list()})`;
    case 'icontains':
      return `(${present} AND multiSearchAnyCaseInsensitiveUTF8(${text}, ${list()}))`;
    case 'not_icontains':
      return `NOT (${present} AND multiSearchAnyCaseInsensitiveUTF8(${text}, ${list()}))`;
    case 'regex':
      return `(${present} AND (${each('String', (p) => `match(${text}, ${p})`)}))`;
    case 'not_regex':
      return `NOT (${present} AND (${each('String', (p) => `match(${text}, ${p})`)}))`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[operator];
      // toFloat64OrNull gives NULL for non-numbers; ifNull makes such a property never match.
      return `(${each('Float64', (p) => `ifNull(toFloat64OrNull(${text}) ${op} ${p}, 0)`)})`;
    }
  }
}
