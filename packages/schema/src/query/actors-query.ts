import { z } from 'zod';
import { funnelCorrelationActorsQuerySchema, funnelsActorsQuerySchema } from './funnel-correlation-query';
import { funnelsQuerySchema } from './funnels-query';
import { lifecycleQuerySchema, lifecycleStatuses } from './lifecycle-query';
import { pathsQuerySchema } from './paths-query';
import { propertiesSchema } from './property-filters';
import { retentionQuerySchema } from './retention-query';
import { stickinessQuerySchema } from './stickiness-query';
import { trendsQuerySchema } from './trends-query';

/** Insight kinds whose data points can be opened to see the actors behind them. */
export const actorsSourceInsightSchema = z.discriminatedUnion('kind', [
  trendsQuerySchema,
  funnelsQuerySchema,
  retentionQuerySchema,
  lifecycleQuerySchema,
  stickinessQuerySchema,
  pathsQuerySchema,
]);

/**
 * `InsightActorsQuery`: the actors (persons or groups) behind one data point of an insight: a trends
 * point (`series`, `day`, `breakdown`, `compare`), a funnel step (`funnelStep`: N reached step N,
 * −N dropped off at step N; `funnelStepBreakdown`), a retention cohort (`interval`: its row, and
 * `breakdown`), a lifecycle point (`day`, `status`), a stickiness point (`series`, `day`: the number
 * of periods, `compare`), or a paths node or edge (the source's `pathsFilter.pathStartKey`,
 * `pathEndKey`, `pathDropoffKey`).
 */
export const insightActorsQuerySchema = z
  .object({
    kind: z.literal('InsightActorsQuery'),
    source: actorsSourceInsightSchema,
    series: z.number().int().min(0).optional().nullable(),
    day: z
      .union([z.string().max(64), z.number()])
      .optional()
      .nullable(),
    breakdown: z
      .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
      .optional()
      .nullable(),
    compare: z.enum(['current', 'previous']).optional().nullable(),
    /** Retention: the cohort row (0-based). */
    interval: z.number().int().min(0).max(10_000).optional().nullable(),
    /** Lifecycle: which status at `day`. */
    status: z.enum(lifecycleStatuses).optional().nullable(),
    funnelStep: z
      .number()
      .int()
      .refine((n) => n !== 0, 'funnelStep is 1-based: N for reached step N, -N for dropped off at step N.')
      .optional()
      .nullable(),
    funnelStepBreakdown: z
      .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
      .optional()
      .nullable(),
    includeRecordings: z.boolean().optional().nullable(),
  })
  .loose();
export type InsightActorsQuery = z.output<typeof insightActorsQuerySchema>;

/**
 * `ActorsQuery`: a page of actors, either behind an insight's data point (`source`) or all persons
 * of the project, with `search` (email, name, distinct ids) and person `properties` filters.
 */
export const actorsQuerySchema = z
  .object({
    kind: z.literal('ActorsQuery'),
    source: z
      .discriminatedUnion('kind', [
        insightActorsQuerySchema,
        funnelsActorsQuerySchema,
        funnelCorrelationActorsQuerySchema,
      ])
      .optional()
      .nullable(),
    select: z.array(z.string().max(200)).max(20).optional().nullable(),
    search: z.string().max(1000).optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    orderBy: z.array(z.string().max(200)).max(5).optional().nullable(),
    limit: z.number().int().min(1).max(10_000).optional().nullable(),
    offset: z.number().int().min(0).optional().nullable(),
  })
  .loose();
export type ActorsQuery = z.output<typeof actorsQuerySchema>;
