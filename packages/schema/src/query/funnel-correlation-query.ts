import { z } from 'zod';
import { funnelsQuerySchema } from './funnels-query';
import { seriesNodeSchema } from './insight-nodes';
import { propertyFilterNodeSchema } from './property-filters';

const names = z.array(z.string().min(1).max(400)).max(1000).optional().nullable();

/**
 * `FunnelsActorsQuery`: the actors of a funnel at a step (`funnelStep`: N reached step N, −N dropped
 * off at step N; 1 when absent: everyone who entered), optionally of one breakdown value.
 */
export const funnelsActorsQuerySchema = z
  .object({
    kind: z.literal('FunnelsActorsQuery'),
    source: funnelsQuerySchema,
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
export type FunnelsActorsQuery = z.output<typeof funnelsActorsQuerySchema>;

export const funnelCorrelationTypes = ['events', 'properties', 'event_with_properties'] as const;
export type FunnelCorrelationType = (typeof funnelCorrelationTypes)[number];

/**
 * `FunnelCorrelationQuery`: which events, event properties (of chosen events) or person properties
 * are over-represented among the funnel's converters or among those who dropped off.
 */
export const funnelCorrelationQuerySchema = z
  .object({
    kind: z.literal('FunnelCorrelationQuery'),
    source: funnelsActorsQuerySchema,
    funnelCorrelationType: z.enum(funnelCorrelationTypes).default('events'),
    /** Person (or group) properties to correlate; `["$all"]` for every property. */
    funnelCorrelationNames: names,
    funnelCorrelationExcludeNames: names,
    /** The events whose properties `event_with_properties` correlates. */
    funnelCorrelationEventNames: names,
    funnelCorrelationExcludeEventNames: names,
    funnelCorrelationEventExcludePropertyNames: names,
  })
  .loose();
export type FunnelCorrelationQuery = z.output<typeof funnelCorrelationQuerySchema>;

/**
 * `FunnelCorrelationActorsQuery`: the actors behind one correlation row: those who converted
 * (`funnelCorrelationPersonConverted: true`) or dropped off, and did the event
 * (`funnelCorrelationPersonEntity`, with its properties for event-property rows) or have the
 * property values (`funnelCorrelationPropertyValues`).
 */
export const funnelCorrelationActorsQuerySchema = z
  .object({
    kind: z.literal('FunnelCorrelationActorsQuery'),
    source: funnelCorrelationQuerySchema,
    funnelCorrelationPersonConverted: z.boolean().optional().nullable(),
    funnelCorrelationPersonEntity: seriesNodeSchema.optional().nullable(),
    funnelCorrelationPropertyValues: z.array(propertyFilterNodeSchema).max(100).optional().nullable(),
    includeRecordings: z.boolean().optional().nullable(),
  })
  .loose();
export type FunnelCorrelationActorsQuery = z.output<typeof funnelCorrelationActorsQuerySchema>;
