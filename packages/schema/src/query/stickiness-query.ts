import { z } from 'zod';
import { dateRangeSchema, intervalSchema, seriesNodeSchema } from './insight-nodes';
import { propertiesSchema } from './property-filters';
import { trendsDisplays } from './trends-query';

/** Series math stickiness understands: persons (the default) or groups of one type. */
export const stickinessMathTypes = ['total', 'dau', 'unique_group'] as const;

export const stickinessCriteriaSchema = z
  .object({
    operator: z.enum(['gte', 'lte', 'exact']),
    value: z.number().int().min(0),
  })
  .loose();
export type StickinessCriteria = z.output<typeof stickinessCriteriaSchema>;

/**
 * `StickinessQuery`: for each actor the number of intervals in the range in which they did the
 * series, then how many actors did so in exactly (or, cumulative, at least) 1, 2, … intervals
 * (INSIGHTS.md §6). PostHog's schema has no `aggregation_group_type_index` here: groups are counted
 * with a series' `math: "unique_group"`.
 */
export const stickinessQuerySchema = z
  .object({
    kind: z.literal('StickinessQuery'),
    series: z.array(seriesNodeSchema).min(1, 'Add at least one series.').max(50),
    interval: intervalSchema.default('day'),
    intervalCount: z.number().int().min(1).max(1000).optional().nullable(),
    dateRange: dateRangeSchema.optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    filterTestAccounts: z.boolean().optional().nullable(),
    samplingFactor: z.number().positive().max(1).optional().nullable(),
    aggregation_group_type_index: z
      .null({
        error:
          'Stickiness does not take aggregation_group_type_index; count groups with a series math "unique_group".',
      })
      .optional(),
    compareFilter: z
      .object({
        compare: z.boolean().optional().nullable(),
        compare_to: z.string().max(32).optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
    stickinessFilter: z
      .object({
        computedAs: z.enum(['non_cumulative', 'cumulative']).optional().nullable(),
        display: z.enum(trendsDisplays).optional().nullable(),
        stickinessCriteria: stickinessCriteriaSchema.optional().nullable(),
        showLegend: z.boolean().optional().nullable(),
        showValuesOnSeries: z.boolean().optional().nullable(),
        hiddenLegendIndexes: z.array(z.number().int()).max(100).optional().nullable(),
      })
      .loose()
      .optional()
      .nullable(),
  })
  .loose()
  .superRefine((query, ctx) => {
    query.series.forEach((series, i) => {
      const math = series.math ?? 'total';
      if (!(stickinessMathTypes as readonly string[]).includes(math)) {
        ctx.addIssue({
          code: 'custom',
          path: ['series', i, 'math'],
          message: `Stickiness counts persons, or groups with "unique_group"; math "${math}" does not apply.`,
        });
      } else if (
        math === 'unique_group' &&
        (series.math_group_type_index === null || series.math_group_type_index === undefined)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['series', i, 'math_group_type_index'],
          message: 'math "unique_group" needs math_group_type_index.',
        });
      }
    });
  });
export type StickinessQuery = z.output<typeof stickinessQuerySchema>;
