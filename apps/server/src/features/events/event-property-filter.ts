import { z } from 'zod';

/** The PostHog property operators the events and persons lists understand (missing means `exact`). */
export const EVENT_PROPERTY_OPERATORS = [
  'exact',
  'is_not',
  'icontains',
  'not_icontains',
  'regex',
  'not_regex',
  'gt',
  'gte',
  'lt',
  'lte',
  'is_set',
  'is_not_set',
] as const;
export type EventPropertyOperator = (typeof EVENT_PROPERTY_OPERATORS)[number];

/**
 * One event property filter, normalized: every value as the string PostHog compares it as (numbers
 * in their JSON form, booleans as `"true"`/`"false"`), a scalar turned into a one-element list.
 */
export interface EventPropertyFilter {
  key: string;
  operator: EventPropertyOperator;
  values: string[];
}

/** Longest key or value accepted; generous, since real property values (URLs, JSON blobs) are long. */
const MAX_TEXT = 65_536;
const MAX_VALUES = 100;
const NUMERIC_OPERATORS = new Set<EventPropertyOperator>(['gt', 'gte', 'lt', 'lte']);

const scalarSchema = z.union([
  z.string().max(MAX_TEXT),
  z.number().refine(Number.isFinite, 'Numbers must be finite.'),
  z.boolean(),
]);

/**
 * PostHog's property filter `{key, value, operator, type}`, limited to one type of property (event
 * properties on the events list, person properties on the persons list). Extra fields PostHog clients
 * send along (`label`, …) are ignored. The query layer's `propertyFilterExpr` compiles the result, as
 * for insights, binding every key and value.
 */
function propertyFilterSchema(type: 'event' | 'person') {
  return z
    .object({
      key: z.string().min(1, 'A property filter needs a key.').max(MAX_TEXT),
      type: z
        .literal(type, { error: `Only ${type} property filters ("type": "${type}") are supported here.` })
        .default(type),
      operator: z
        .enum(EVENT_PROPERTY_OPERATORS, {
          error: `Unknown operator; use one of ${EVENT_PROPERTY_OPERATORS.join(', ')}.`,
        })
        .nullish()
        .transform((op) => op ?? 'exact'),
      value: z.union([scalarSchema, z.array(scalarSchema).max(MAX_VALUES)]).nullish(),
    })
    .superRefine((filter, ctx) => {
      const needsValue = filter.operator !== 'is_set' && filter.operator !== 'is_not_set';
      if (needsValue && (filter.value === undefined || filter.value === null)) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: `The ${filter.operator} operator needs a value.`,
        });
        return;
      }
      if (NUMERIC_OPERATORS.has(filter.operator)) {
        const values = Array.isArray(filter.value) ? filter.value : [filter.value];
        values.forEach((v, i) => {
          if (typeof v === 'number') return;
          if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return;
          ctx.addIssue({
            code: 'custom',
            path: Array.isArray(filter.value) ? ['value', i] : ['value'],
            message: `The ${filter.operator} operator compares numbers; give a number.`,
          });
        });
      }
    })
    .transform((filter): EventPropertyFilter => {
      const raw = filter.value === undefined || filter.value === null ? [] : filter.value;
      const list = Array.isArray(raw) ? raw : [raw];
      // Numeric operators get canonical numbers (" 5" → "5") so the engine parses them as Float64.
      const asText = NUMERIC_OPERATORS.has(filter.operator) ? (v: unknown) => String(Number(v)) : String;
      return { key: filter.key, operator: filter.operator, values: list.map(asText) };
    });
}

/**
 * `?properties=`: a JSON array of property filters of one type, all of which must match. Problems are
 * reported per filter and field (`properties__0__operator`).
 */
export function propertiesParamSchema(type: 'event' | 'person') {
  return z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Must be a JSON array of property filters.' });
        return z.NEVER;
      }
    })
    .pipe(
      z
        .array(propertyFilterSchema(type), { error: 'Must be a JSON array of property filters.' })
        .max(50, 'At most 50 property filters.'),
    );
}

/** The events list's `?properties=` (event properties). */
export const eventPropertiesParamSchema = propertiesParamSchema('event');
