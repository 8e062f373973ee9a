import { z } from 'zod';
import { dateRangeSchema } from './insight-nodes';
import { propertiesSchema } from './property-filters';
import { breakdownFilterSchema } from './trends-query';

/**
 * The start or returning event of a retention insight (PostHog's `RetentionEntity`): an event name
 * (`id: null` or no id means any event) or an action (`type: "actions"` with a numeric id), with
 * property filters of its own. Newer PostHog clients also send `kind`.
 */
export const retentionEntitySchema = z
  .object({
    id: z
      .union([z.string().max(400), z.number()])
      .optional()
      .nullable(),
    type: z.enum(['events', 'actions']).optional().nullable(),
    kind: z.enum(['EventsNode', 'ActionsNode']).optional().nullable(),
    name: z.string().max(400).optional().nullable(),
    custom_name: z.string().max(400).optional().nullable(),
    order: z.number().int().optional().nullable(),
    uuid: z.string().max(100).optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
  })
  .loose();
export type RetentionEntity = z.output<typeof retentionEntitySchema>;

export const retentionPeriods = ['Hour', 'Day', 'Week', 'Month'] as const;
export type RetentionPeriod = (typeof retentionPeriods)[number];

export const retentionTypes = [
  'retention_recurring',
  'retention_first_time',
  'retention_first_ever_occurrence',
] as const;
export type RetentionType = (typeof retentionTypes)[number];

export const retentionFilterSchema = z
  .object({
    targetEntity: retentionEntitySchema.optional().nullable(),
    returningEntity: retentionEntitySchema.optional().nullable(),
    period: z.enum(retentionPeriods).optional().nullable(),
    /** How many periods each cohort is followed for (PostHog's runner defaults to 7). */
    totalIntervals: z.number().int().min(1).max(1000).optional().nullable(),
    retentionType: z.enum(retentionTypes).optional().nullable(),
    cumulative: z.boolean().optional().nullable(),
    minimumOccurrences: z.number().int().min(1).max(100_000).optional().nullable(),
    timeWindowMode: z.enum(['strict_calendar_dates', '24_hour_windows']).optional().nullable(),
    /** Display only: percentages of the cohort or of the previous period. */
    retentionReference: z.enum(['total', 'previous']).optional().nullable(),
    aggregationType: z.enum(['count', 'sum', 'avg']).optional().nullable(),
    aggregationProperty: z.string().max(400).optional().nullable(),
    aggregationPropertyType: z.enum(['event', 'person']).optional().nullable(),
    retentionCustomBrackets: z.array(z.number().int().min(1)).max(100).optional().nullable(),
  })
  .loose();
export type RetentionFilter = z.output<typeof retentionFilterSchema>;

/**
 * `RetentionQuery`: cohorts of actors who did the target event in a period, and how many of each
 * came back with the returning event in each of the following periods (INSIGHTS.md §4).
 */
export const retentionQuerySchema = z
  .object({
    kind: z.literal('RetentionQuery'),
    retentionFilter: retentionFilterSchema.optional().nullable(),
    dateRange: dateRangeSchema.optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    filterTestAccounts: z.boolean().optional().nullable(),
    aggregation_group_type_index: z.number().int().min(0).max(4).optional().nullable(),
    samplingFactor: z.number().positive().max(1).optional().nullable(),
    breakdownFilter: breakdownFilterSchema.optional().nullable(),
  })
  .loose();
export type RetentionQuery = z.output<typeof retentionQuerySchema>;
