import { z } from 'zod';

/** PostHog's property operators. A missing operator means `exact`. */
export const propertyOperators = [
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
  'is_date_exact',
  'is_date_before',
  'is_date_after',
  'between',
  'not_between',
  'min',
  'max',
  'in',
  'not_in',
] as const;
export type PropertyOperator = (typeof propertyOperators)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One property filter: `{key, value, operator, type}` (plus `group_type_index` for groups). */
export const propertyFilterNodeSchema = z
  .object({
    // Property names are data, not code: long or odd ones must work (they are always bound).
    key: z.union([z.string().min(1).max(20_000), z.number()]),
    value: z.union([scalar, z.array(scalar), z.null()]).optional(),
    operator: z.enum(propertyOperators).optional(),
    type: z
      .enum([
        'event',
        'person',
        'group',
        'event_metadata',
        'cohort',
        'precalculated-cohort',
        'static-cohort',
        'element',
        'session',
        'hogql',
      ])
      .default('event'),
    group_type_index: z.number().int().min(0).max(4).optional().nullable(),
  })
  .loose();
export type PropertyFilterNode = z.output<typeof propertyFilterNodeSchema>;

export interface PropertyGroup {
  type: 'AND' | 'OR';
  values: (PropertyGroup | PropertyFilterNode)[];
}

/** A nested AND/OR group of property filters, as PostHog's `properties` may be. */
export const propertyGroupSchema: z.ZodType<PropertyGroup> = z.lazy(() =>
  z.object({
    type: z.enum(['AND', 'OR']),
    values: z.array(z.union([propertyGroupSchema, propertyFilterNodeSchema])).max(200),
  }),
);

/** `properties`: a flat list (ANDed) or a property group. */
export const propertiesSchema = z.union([z.array(propertyFilterNodeSchema).max(200), propertyGroupSchema]);
export type Properties = z.output<typeof propertiesSchema>;
