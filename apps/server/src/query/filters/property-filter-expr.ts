import type { Properties, PropertyFilterNode, PropertyGroup, PropertyOperator } from '@hedgerow/schema';
import { invalidInput } from '../../http/api-error';
import type { Expr } from '../sql/sql-ast';
import { and, col, fn, isNotNull, isNull, not, num, op, or, param, str } from '../sql/sql-builders';
import { propertyNumber, propertyString } from './property-access';

/** Where a filter's properties come from in the query being built. */
export interface PropertySources {
  /** The event's `properties` column. */
  event: Expr;
  /** The person's properties (requires the planner to join persons), or null when unavailable. */
  person: Expr | null;
  /** Properties of the event's group of a type, or null when unavailable. */
  group: (index: number) => Expr | null;
  /** Event columns that `event_metadata` filters may use, by name. */
  metadata: (name: string) => Expr | null;
  /** Whether the row's person is in a cohort, or null where cohorts do not apply. */
  cohort: ((cohortId: number) => Expr) | null;
}

type Scalar = string | number | boolean;

function asString(v: Scalar): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

function escapeLike(v: string): string {
  return v.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function valuesOf(filter: PropertyFilterNode): Scalar[] {
  const v = filter.value;
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function numeric(v: Scalar, filter: PropertyFilterNode): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n))
    throw invalidInput(`Filter on "${filter.key}" needs a number, got ${JSON.stringify(v)}.`, 'properties');
  return n;
}

/** Null-safe: positive comparisons are false for a missing property, negative ones true. */
const positive = (e: Expr) => fn('ifNull', e, num(0));
const negative = (e: Expr) => fn('ifNull', e, num(1));

/** Operators that take a list of values, any (positive) or none (negative) of which must match. */
const VALUE_LIST_OPERATORS = new Set<PropertyOperator>([
  'exact',
  'in',
  'is_not',
  'not_in',
  'icontains',
  'not_icontains',
  'regex',
  'not_regex',
  'gt',
  'gte',
  'lt',
  'lte',
  'min',
  'max',
]);

function compare(target: Expr, filter: PropertyFilterNode, asNumber: () => Expr): Expr {
  const operator = filter.operator ?? 'exact';
  const values = valuesOf(filter);
  switch (operator) {
    case 'is_set':
      return isNotNull(target);
    case 'is_not_set':
      return isNull(target);
  }
  // PostHog: an empty list of values matches everything, whatever the operator (or/and of nothing
  // below would otherwise turn positive operators into "never").
  if (values.length === 0 && VALUE_LIST_OPERATORS.has(operator)) return num(1);
  switch (operator) {
    case 'exact':
    case 'in':
      return positive(op('IN', target, param(values.map(asString), 'Array(String)')));
    case 'is_not':
    case 'not_in':
      return negative(op('NOT IN', target, param(values.map(asString), 'Array(String)')));
    case 'icontains':
      return or(...values.map((v) => positive(op('ILIKE', target, str(`%${escapeLike(asString(v))}%`)))));
    case 'not_icontains':
      return and(
        ...values.map((v) => negative(op('NOT ILIKE', target, str(`%${escapeLike(asString(v))}%`)))),
      );
    case 'regex':
      return or(...values.map((v) => positive(fn('match', target, str(asString(v))))));
    case 'not_regex':
      return and(...values.map((v) => negative(not(fn('match', target, str(asString(v)))))));
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'min':
    case 'max': {
      const sym = { gt: '>', gte: '>=', lt: '<', lte: '<=', min: '>=', max: '<=' } as const;
      return or(
        ...values.map((v) => positive(op(sym[operator], asNumber(), param(numeric(v, filter), 'Float64')))),
      );
    }
    case 'between':
    case 'not_between': {
      const [lo, hi] = values;
      if (lo === undefined || hi === undefined)
        throw invalidInput(`"${operator}" needs two values.`, 'properties');
      const inside = and(
        op('>=', asNumber(), param(numeric(lo, filter), 'Float64')),
        op('<=', asNumber(), param(numeric(hi, filter), 'Float64')),
      );
      return operator === 'between' ? positive(inside) : negative(not(inside));
    }
    case 'is_date_exact':
    case 'is_date_before':
    case 'is_date_after': {
      const [v] = values;
      const when = v === undefined ? Number.NaN : Date.parse(asString(v));
      if (!Number.isFinite(when))
        throw invalidInput(`"${operator}" needs a date, got ${JSON.stringify(v)}.`, 'properties');
      const asDate = fn('parseDateTime64BestEffortOrNull', target, num(6), str('UTC'));
      const bound = param(new Date(when), "DateTime64(6, 'UTC')");
      if (operator === 'is_date_exact') return positive(op('=', fn('toDate', asDate), fn('toDate', bound)));
      return positive(op(operator === 'is_date_before' ? '<' : '>', asDate, bound));
    }
  }
}

/** One property filter as a boolean expression over the given sources. */
export function propertyFilterExpr(filter: PropertyFilterNode, sources: PropertySources): Expr {
  const key = String(filter.key);
  switch (filter.type) {
    case 'event':
      return compare(propertyString(sources.event, key), filter, () => propertyNumber(sources.event, key));
    case 'person': {
      if (!sources.person)
        throw invalidInput('Person property filters are not available here.', 'properties');
      const person = sources.person;
      return compare(propertyString(person, key), filter, () => propertyNumber(person, key));
    }
    case 'group': {
      const index = filter.group_type_index;
      const group = index === undefined || index === null ? null : sources.group(index);
      if (!group) throw invalidInput('Group property filters need a valid group_type_index.', 'properties');
      return compare(propertyString(group, key), filter, () => propertyNumber(group, key));
    }
    case 'event_metadata': {
      const column = sources.metadata(key);
      if (!column) throw invalidInput(`Unknown event field "${key}".`, 'properties');
      const asText = fn('toString', column);
      return compare(asText, filter, () => fn('toFloat64OrNull', asText));
    }
    case 'cohort':
    case 'precalculated-cohort':
    case 'static-cohort': {
      const id = Number(filter.value);
      if (!Number.isInteger(id) || id <= 0)
        throw invalidInput(
          `A cohort filter's value is a cohort id, got ${JSON.stringify(filter.value)}.`,
          'properties',
        );
      if (!sources.cohort) throw invalidInput('Cohort filters are not available here.', 'properties');
      const member = sources.cohort(id);
      return filter.operator === 'not_in' ? not(member) : member;
    }
    default:
      throw invalidInput(`Filters of type "${filter.type}" are not supported yet.`, 'properties');
  }
}

function isGroup(node: PropertyGroup | PropertyFilterNode): node is PropertyGroup {
  return (
    'values' in node &&
    Array.isArray((node as PropertyGroup).values) &&
    'type' in node &&
    (node.type === 'AND' || node.type === 'OR')
  );
}

/** A `properties` value (flat list, ANDed, or nested AND/OR groups) as one expression; null when empty. */
export function propertiesExpr(
  properties: Properties | null | undefined,
  sources: PropertySources,
): Expr | null {
  if (!properties) return null;
  const walk = (node: PropertyGroup | PropertyFilterNode): Expr | null => {
    if (isGroup(node)) {
      const parts = node.values.map(walk).filter((e): e is Expr => e !== null);
      if (parts.length === 0) return null;
      return node.type === 'AND' ? and(...parts) : or(...parts);
    }
    return propertyFilterExpr(node, sources);
  };
  return Array.isArray(properties) ? walk({ type: 'AND', values: properties }) : walk(properties);
}

/** Whether any filter reads person properties (so the planner must join persons). */
export function usesPersonProperties(properties: Properties | null | undefined): boolean {
  if (!properties) return false;
  const walk = (node: PropertyGroup | PropertyFilterNode): boolean =>
    isGroup(node) ? node.values.some(walk) : node.type === 'person';
  return Array.isArray(properties) ? properties.some(walk) : walk(properties);
}

/** Event columns `event_metadata` filters and EventsQuery may read. */
export function eventColumn(name: string, table: string): Expr | null {
  return [
    'event',
    'distinct_id',
    'timestamp',
    'uuid',
    'elements_chain',
    '$session_id',
    '$window_id',
  ].includes(name)
    ? col(name, table)
    : null;
}
