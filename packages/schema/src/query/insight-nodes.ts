import { z } from 'zod';
import { propertiesSchema } from './property-filters';

export const baseMathTypes = [
  'total',
  'dau',
  'weekly_active',
  'monthly_active',
  'unique_session',
  'first_time_for_user',
  'first_time_for_user_with_filters',
] as const;
export const propertyMathTypes = ['avg', 'sum', 'min', 'max', 'median', 'p75', 'p90', 'p95', 'p99'] as const;
export const countPerActorMathTypes = [
  'avg_count_per_actor',
  'min_count_per_actor',
  'max_count_per_actor',
  'median_count_per_actor',
  'p75_count_per_actor',
  'p90_count_per_actor',
  'p95_count_per_actor',
  'p99_count_per_actor',
] as const;
export const mathTypes = [
  ...baseMathTypes,
  ...propertyMathTypes,
  ...countPerActorMathTypes,
  'unique_group',
] as const;
export type MathType = (typeof mathTypes)[number];

const mathFields = {
  name: z.string().max(400).optional().nullable(),
  custom_name: z.string().max(400).optional().nullable(),
  math: z.enum(mathTypes).optional().nullable(),
  math_property: z.string().max(400).optional().nullable(),
  math_property_type: z.enum(['event_properties', 'person_properties']).optional().nullable(),
  math_group_type_index: z.number().int().min(0).max(4).optional().nullable(),
  math_multiplier: z.number().optional().nullable(),
  properties: propertiesSchema.optional().nullable(),
  fixedProperties: propertiesSchema.optional().nullable(),
  /** Funnels: the step may be skipped. */
  optionalInFunnel: z.boolean().optional().nullable(),
};

/** A series of events: `event: null` means all events. */
export const eventsNodeSchema = z
  .object({ kind: z.literal('EventsNode'), event: z.string().max(400).nullable().optional(), ...mathFields })
  .loose();

/** A series of an action's events. */
export const actionsNodeSchema = z
  .object({ kind: z.literal('ActionsNode'), id: z.number().int(), ...mathFields })
  .loose();

export const seriesNodeSchema = z.discriminatedUnion('kind', [eventsNodeSchema, actionsNodeSchema]);
export type SeriesNode = z.output<typeof seriesNodeSchema>;

export const dateRangeSchema = z.object({
  date_from: z.string().max(64).optional().nullable(),
  date_to: z.string().max(64).optional().nullable(),
  explicitDate: z.boolean().optional().nullable(),
});
export type DateRange = z.output<typeof dateRangeSchema>;

export const intervalSchema = z.enum(['minute', 'hour', 'day', 'week', 'month']);
export type Interval = z.output<typeof intervalSchema>;
