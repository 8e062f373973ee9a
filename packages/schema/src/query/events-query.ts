import { z } from 'zod';
import { propertiesSchema } from './property-filters';

/**
 * `EventsQuery`: a table of events. `select` holds columns (`uuid`, `event`, `distinct_id`,
 * `timestamp`, `person_id`), properties (`properties.$browser`, `person.properties.email`), `*`
 * (the whole event) or aggregates (`count()`, `count(distinct person_id)`, `min(timestamp)`, …).
 */
export const eventsQuerySchema = z
  .object({
    kind: z.literal('EventsQuery'),
    /** Only events matching this action. */
    actionId: z.number().int().optional().nullable(),
    select: z.array(z.string().min(1).max(400)).min(1).max(100),
    event: z.string().max(400).optional().nullable(),
    where: z.array(z.string().max(400)).max(50).optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    fixedProperties: propertiesSchema.optional().nullable(),
    filterTestAccounts: z.boolean().optional().nullable(),
    after: z.string().max(64).optional().nullable(),
    before: z.string().max(64).optional().nullable(),
    personId: z.string().max(64).optional().nullable(),
    orderBy: z.array(z.string().max(400)).max(10).optional().nullable(),
    limit: z.number().int().min(1).max(10_000).optional().nullable(),
    offset: z.number().int().min(0).optional().nullable(),
  })
  .loose();
export type EventsQuery = z.output<typeof eventsQuerySchema>;
