import { z } from 'zod';
import { dateRangeSchema, intervalSchema, seriesNodeSchema } from './insight-nodes';
import { propertiesSchema } from './property-filters';

/** Lifecycle statuses in the order PostHog answers them. */
export const lifecycleStatuses = ['new', 'returning', 'resurrecting', 'dormant'] as const;
export type LifecycleStatus = (typeof lifecycleStatuses)[number];

/**
 * `LifecycleQuery`: per interval, how many actors of one series were new, returning, resurrecting or
 * went dormant (INSIGHTS.md §5). PostHog filters every series given and labels by the first, so more
 * than one series is refused rather than silently ANDed.
 */
export const lifecycleQuerySchema = z
  .object({
    kind: z.literal('LifecycleQuery'),
    series: z
      .array(seriesNodeSchema)
      .min(1, 'Add the series whose lifecycle to show.')
      .max(1, 'A lifecycle shows exactly one series.'),
    interval: intervalSchema.default('day'),
    dateRange: dateRangeSchema.optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    filterTestAccounts: z.boolean().optional().nullable(),
    aggregation_group_type_index: z.number().int().min(0).max(4).optional().nullable(),
    samplingFactor: z.number().positive().max(1).optional().nullable(),
    lifecycleFilter: z
      .object({
        toggledLifecycles: z.array(z.enum(lifecycleStatuses)).max(4).optional().nullable(),
        showValuesOnSeries: z.boolean().optional().nullable(),
        showLegend: z.boolean().optional().nullable(),
        stacked: z.boolean().optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();
export type LifecycleQuery = z.output<typeof lifecycleQuerySchema>;
