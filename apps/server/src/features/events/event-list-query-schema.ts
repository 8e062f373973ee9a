import { z } from 'zod';
import { eventPropertiesParamSchema } from './event-property-filter';

const isoDateTime = z.iso.datetime({ offset: true, local: true });
const isoDate = z.iso.date();

/**
 * An instant as ISO 8601: a date (midnight UTC), or a date-time with up to microsecond precision and an
 * offset (none means UTC). The engine parses it, so microseconds survive for cursors.
 */
const isoInstantSchema = z
  .string()
  .refine(
    (s) => isoDateTime.safeParse(s).success || isoDate.safeParse(s).success,
    'Use an ISO 8601 time such as 2024-03-01T12:00:00Z.',
  );

/** PostHog clients send empty parameters for unset fields (`?event=`); they mean "no filter". */
const optional = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/**
 * `GET /api/projects/:id/events/` query: PostHog's legacy events list filters, plus `before_uuid`,
 * the tie-breaker that makes the `next` cursor exact when several events share a timestamp.
 */
export const eventListQuerySchema = z
  .object({
    limit: optional(z.coerce.number().int().min(1).max(1000)).transform((n) => n ?? 100),
    after: optional(isoInstantSchema),
    before: optional(isoInstantSchema),
    before_uuid: optional(z.guid('Must be an event id (a UUID).')),
    event: optional(z.string().max(65_536)),
    distinct_id: optional(z.string().max(65_536)),
    person_id: optional(z.guid('Person ids are UUIDs.')),
    properties: optional(eventPropertiesParamSchema),
  })
  .superRefine((q, ctx) => {
    if (q.before_uuid !== undefined && q.before === undefined) {
      ctx.addIssue({ code: 'custom', path: ['before_uuid'], message: 'before_uuid needs before.' });
    }
  });

export type EventListQuery = z.output<typeof eventListQuerySchema>;
