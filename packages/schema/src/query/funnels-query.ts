import { z } from 'zod';
import {
  actionsNodeSchema,
  dateRangeSchema,
  eventsNodeSchema,
  intervalSchema,
  seriesNodeSchema,
} from './insight-nodes';
import { propertiesSchema } from './property-filters';
import { breakdownFilterSchema } from './trends-query';

const exclusionSteps = { funnelFromStep: z.number().int().min(0), funnelToStep: z.number().int().min(1) };

/** An exclusion: events (or an action's) that spoil an attempt between two steps (0-based, from < to). */
export const funnelExclusionSchema = z.discriminatedUnion('kind', [
  eventsNodeSchema.extend(exclusionSteps),
  actionsNodeSchema.extend(exclusionSteps),
]);

export const funnelsFilterSchema = z
  .object({
    funnelOrderType: z.enum(['ordered', 'strict', 'unordered']).optional().nullable(),
    funnelVizType: z.enum(['steps', 'time_to_convert', 'trends']).optional().nullable(),
    funnelWindowInterval: z.number().int().min(1).max(100_000).optional().nullable(),
    funnelWindowIntervalUnit: z
      .enum(['second', 'minute', 'hour', 'day', 'week', 'month'])
      .optional()
      .nullable(),
    exclusions: z.array(funnelExclusionSchema).max(20).optional().nullable(),
    breakdownAttributionType: z
      .enum(['first_touch', 'last_touch', 'all_events', 'step'])
      .optional()
      .nullable(),
    breakdownAttributionValue: z.number().int().min(0).optional().nullable(),
    funnelFromStep: z.number().int().min(0).optional().nullable(),
    funnelToStep: z.number().int().min(0).optional().nullable(),
    binCount: z.number().int().optional().nullable(),
    funnelStepReference: z.enum(['total', 'previous']).optional().nullable(),
  })
  .loose();
export type FunnelsFilter = z.output<typeof funnelsFilterSchema>;

export const funnelsQuerySchema = z
  .object({
    kind: z.literal('FunnelsQuery'),
    series: z
      .array(seriesNodeSchema)
      .min(2, 'A funnel needs at least two steps.')
      .max(20, 'A funnel has at most 20 steps.'),
    dateRange: dateRangeSchema.optional().nullable(),
    interval: intervalSchema.optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    filterTestAccounts: z.boolean().optional().nullable(),
    aggregation_group_type_index: z.number().int().min(0).max(4).optional().nullable(),
    funnelsFilter: funnelsFilterSchema.optional().nullable(),
    breakdownFilter: breakdownFilterSchema.optional().nullable(),
  })
  .loose();
export type FunnelsQuery = z.output<typeof funnelsQuerySchema>;
