import { z } from 'zod';
import { dateRangeSchema, intervalSchema, seriesNodeSchema } from './insight-nodes';
import { propertiesSchema } from './property-filters';

export const trendsDisplays = [
  'ActionsLineGraph',
  'ActionsLineGraphCumulative',
  'ActionsAreaGraph',
  'ActionsBar',
  'ActionsStackedBar',
  'ActionsUnstackedBar',
  'BoldNumber',
  'ActionsPie',
  'ActionsBarValue',
  'ActionsTable',
  'WorldMap',
] as const;

/** Displays that show one number per series over the whole range instead of a time series. */
export const totalValueDisplays = new Set([
  'BoldNumber',
  'ActionsPie',
  'ActionsBarValue',
  'ActionsTable',
  'WorldMap',
]);

export const breakdownTypeSchema = z.enum([
  'event',
  'person',
  'group',
  'event_metadata',
  'cohort',
  'session',
  'hogql',
]);

export const breakdownFilterSchema = z
  .object({
    breakdown_type: breakdownTypeSchema.optional().nullable(),
    breakdown: z
      .union([z.string().max(400), z.number(), z.array(z.union([z.string(), z.number()]))])
      .optional()
      .nullable(),
    breakdowns: z
      .array(
        z
          .object({
            property: z.union([z.string().max(400), z.number()]),
            type: breakdownTypeSchema.optional().nullable(),
            group_type_index: z.number().int().min(0).max(4).optional().nullable(),
            normalize_url: z.boolean().optional().nullable(),
            histogram_bin_count: z.number().int().min(1).max(1000).optional().nullable(),
          })
          .loose(),
      )
      .max(3)
      .optional()
      .nullable(),
    breakdown_limit: z.number().int().min(1).max(10_000).optional().nullable(),
    breakdown_group_type_index: z.number().int().min(0).max(4).optional().nullable(),
    breakdown_hide_other_aggregation: z.boolean().optional().nullable(),
    breakdown_normalize_url: z.boolean().optional().nullable(),
    breakdown_histogram_bin_count: z.number().int().min(1).max(1000).optional().nullable(),
  })
  .loose();
export type BreakdownFilter = z.output<typeof breakdownFilterSchema>;

export const trendsQuerySchema = z
  .object({
    kind: z.literal('TrendsQuery'),
    series: z.array(seriesNodeSchema).min(1, 'Add at least one series.').max(50),
    interval: intervalSchema.default('day'),
    dateRange: dateRangeSchema.optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    filterTestAccounts: z.boolean().optional().nullable(),
    aggregation_group_type_index: z.number().int().min(0).max(4).optional().nullable(),
    samplingFactor: z.number().positive().max(1).optional().nullable(),
    trendsFilter: z
      .object({
        display: z.enum(trendsDisplays).optional().nullable(),
        formula: z.string().max(1000).optional().nullable(),
        formulas: z.array(z.string().max(1000)).max(20).optional().nullable(),
        formulaNodes: z
          .array(
            z
              .object({
                formula: z.string().max(1000),
                custom_name: z.string().max(400).optional().nullable(),
              })
              .loose(),
          )
          .max(20)
          .optional()
          .nullable(),
        smoothingIntervals: z.number().int().min(1).max(100).optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
    breakdownFilter: breakdownFilterSchema.optional().nullable(),
    compareFilter: z
      .object({
        compare: z.boolean().optional().nullable(),
        compare_to: z.string().max(32).optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose();
export type TrendsQuery = z.output<typeof trendsQuerySchema>;
