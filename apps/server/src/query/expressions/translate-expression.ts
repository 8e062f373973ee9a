import { invalidInput } from '../../http/api-error';
import { propertyJson, propertyString } from '../filters/property-access';
import type { EventsSource } from '../sources/events-source';
import type { BinaryOp, Expr } from '../sql/sql-ast';
import { and, fn, isNotNull, isNull, not, num, op, or, param, str } from '../sql/sql-builders';
import type { ParsedExpr } from './parse-expression';

/** How a translated value is read back into JSON. */
export type ValueShape = 'plain' | 'json' | 'timestamp' | 'event';

export interface Translated {
  expr: Expr;
  /** For properties (`shape: 'json'`): the value as PostHog compares it, as text. */
  text?: Expr;
  aggregate: boolean;
  shape: ValueShape;
  /** Whether it reads person properties (the query must join persons). */
  usesPersons: boolean;
}

const EVENT_COLUMNS = new Set([
  'uuid',
  'event',
  'distinct_id',
  'elements_chain',
  '$session_id',
  '$window_id',
]);
const AGGREGATES: Record<string, string> = {
  count: 'count',
  uniq: 'uniqExact',
  uniqexact: 'uniqExact',
  min: 'min',
  max: 'max',
  sum: 'sum',
  avg: 'avg',
};
const FUNCTIONS: Record<string, string> = {
  todate: 'toDate',
  tostartofday: 'toStartOfDay',
  tostartofhour: 'toStartOfHour',
  tostartofweek: 'toStartOfWeek',
  tostartofmonth: 'toStartOfMonth',
  lower: 'lower',
  upper: 'upper',
  length: 'length',
  coalesce: 'coalesce',
  tostring: 'toString',
  tofloat: 'toFloat64OrNull',
  toint: 'toInt64OrNull',
  round: 'round',
};
const COMPARISONS: Record<string, BinaryOp> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};
const ARITHMETIC: Record<string, BinaryOp> = { '+': '+', '-': '-', '*': '*', '/': '/' };

/**
 * Turns a parsed EventsQuery expression into SQL over `events` (and persons): fields resolve to
 * columns or property accessors with the key bound; literals become parameters; functions must be on
 * the allow-list. Comparing a property with a number compares it as a number.
 */
export function translateExpression(parsed: ParsedExpr, source: EventsSource): Translated {
  const t = (p: ParsedExpr): Translated => {
    switch (p.kind) {
      case 'string':
        return { expr: str(p.value), aggregate: false, shape: 'plain', usesPersons: false };
      case 'number':
        return { expr: param(p.value, 'Float64'), aggregate: false, shape: 'plain', usesPersons: false };
      case 'bool':
        return { expr: num(p.value ? 1 : 0), aggregate: false, shape: 'plain', usesPersons: false };
      case 'null':
        return { expr: { kind: 'const', value: null }, aggregate: false, shape: 'plain', usesPersons: false };
      case 'star':
        return { expr: { kind: 'star' }, aggregate: false, shape: 'event', usesPersons: false };
      case 'field':
        return field(p.path, source);
      case 'neg': {
        const inner = t(p.expr);
        return { ...inner, expr: op('-', num(0), inner.expr) };
      }
      case 'not': {
        const inner = t(p.expr);
        return { ...inner, expr: not(inner.expr), shape: 'plain' };
      }
      case 'call': {
        const lower = p.name.toLowerCase();
        const args = p.args.map(t);
        const persons = args.some((a) => a.usesPersons);
        if (args.some((a) => a.aggregate)) throw invalidInput(`Aggregates cannot be nested in ${p.name}().`);
        const numeric = (a: Translated) => (a.shape === 'json' ? fn('toFloat64OrNull', textOf(a)) : a.expr);
        if (lower in AGGREGATES) {
          if (lower === 'count') {
            const onlyStar = args.length === 0 || args[0]?.shape === 'event';
            const value = onlyStar
              ? fn('count')
              : p.distinct
                ? fn('uniqExact', textOf(args[0] as Translated))
                : fn('count', textOf(args[0] as Translated));
            return { expr: value, aggregate: true, shape: 'plain', usesPersons: persons };
          }
          if (args.length !== 1) throw invalidInput(`${p.name}() takes one argument.`);
          const arg = args[0] as Translated;
          const name = AGGREGATES[lower] as string;
          const inner = name === 'sum' || name === 'avg' ? numeric(arg) : textOf(arg);
          return {
            expr: fn(p.distinct ? 'uniqExact' : name, inner),
            aggregate: true,
            shape: arg.shape === 'timestamp' && (name === 'min' || name === 'max') ? 'timestamp' : 'plain',
            usesPersons: persons,
          };
        }
        const name = FUNCTIONS[lower];
        if (!name) throw invalidInput(`Function ${p.name}() is not available in EventsQuery.`);
        return {
          expr: fn(name, ...args.map(textOf)),
          aggregate: false,
          shape: 'plain',
          usesPersons: persons,
        };
      }
      case 'binary': {
        const left = t(p.left);
        const right = t(p.right);
        const persons = left.usesPersons || right.usesPersons;
        const aggregate = left.aggregate || right.aggregate;
        if (p.op === 'AND' || p.op === 'OR') {
          const e = p.op === 'AND' ? and(left.expr, right.expr) : or(left.expr, right.expr);
          return { expr: e, aggregate, shape: 'plain', usesPersons: persons };
        }
        if (p.op === 'IS NULL' || p.op === 'IS NOT NULL') {
          const target = textOf(left);
          return {
            expr: p.op === 'IS NULL' ? isNull(target) : isNotNull(target),
            aggregate,
            shape: 'plain',
            usesPersons: persons,
          };
        }
        const numericCompare = p.right.kind === 'number' || p.left.kind === 'number';
        const side = (a: Translated) =>
          a.shape === 'json' ? (numericCompare ? fn('toFloat64OrNull', textOf(a)) : textOf(a)) : a.expr;
        const timestampSide = (a: Translated, other: Translated) =>
          a.shape === 'timestamp' && other.expr.kind === 'param' && typeof other.expr.value === 'string'
            ? fn('parseDateTime64BestEffort', other.expr, num(6), str('UTC'))
            : side(other);
        const l = timestampSide(right, left);
        const r = timestampSide(left, right);
        const sqlOp =
          COMPARISONS[p.op] ??
          ARITHMETIC[p.op] ??
          (['LIKE', 'ILIKE', 'NOT LIKE', 'NOT ILIKE'].includes(p.op) ? (p.op as BinaryOp) : null);
        if (!sqlOp) throw invalidInput(`Operator ${p.op} is not available.`);
        const expr = op(sqlOp, l, r);
        const isComparison = sqlOp in COMPARISONS || sqlOp.includes('LIKE');
        return {
          expr: isComparison ? fn('ifNull', expr, num(0)) : expr,
          aggregate,
          shape: 'plain',
          usesPersons: persons,
        };
      }
    }
  };
  return t(parsed);
}

function textOf(a: Translated): Expr {
  return a.shape === 'json' && a.text ? a.text : a.expr;
}

function field(path: string[], source: EventsSource): Translated {
  const [head, ...rest] = path;
  if (head === undefined) throw invalidInput('Empty field.');
  if (path.length === 1) {
    if (EVENT_COLUMNS.has(head))
      return { expr: source.column(head), aggregate: false, shape: 'plain', usesPersons: false };
    if (head === 'timestamp' || head === 'created_at') {
      return { expr: source.column(head), aggregate: false, shape: 'timestamp', usesPersons: false };
    }
    if (head === 'person_id')
      return { expr: fn('toString', source.personId), aggregate: false, shape: 'plain', usesPersons: false };
  }
  if (head === 'properties' && rest.length > 0) {
    const key = rest.join('.');
    return {
      expr: propertyJson(source.properties.event, key),
      text: propertyString(source.properties.event, key),
      aggregate: false,
      shape: 'json',
      usesPersons: false,
    };
  }
  if (head === 'person' && rest[0] === 'properties' && rest.length > 1) {
    const person = source.properties.person;
    if (!person) throw new Error('The events source must join persons for person properties.');
    const key = rest.slice(1).join('.');
    return {
      expr: propertyJson(person, key),
      text: propertyString(person, key),
      aggregate: false,
      shape: 'json',
      usesPersons: true,
    };
  }
  throw invalidInput(
    `Unknown field "${path.join('.')}": use event columns, properties.<key> or person.properties.<key>.`,
  );
}

/** Whether an expression reads the person (so the source must join persons). */
export function mentionsPerson(parsed: ParsedExpr): boolean {
  switch (parsed.kind) {
    case 'field':
      return parsed.path[0] === 'person';
    case 'call':
      return parsed.args.some(mentionsPerson);
    case 'binary':
      return mentionsPerson(parsed.left) || mentionsPerson(parsed.right);
    case 'not':
    case 'neg':
      return mentionsPerson(parsed.expr);
    default:
      return false;
  }
}
