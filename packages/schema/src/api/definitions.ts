import { z } from 'zod';
import { paginationQuerySchema } from './pagination';

const blankIsAbsent = <S extends z.ZodType>(schema: S) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const queryBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** A JSON-encoded list of strings in a query parameter, as PostHog's `event_names=["…"]`. */
const jsonStringList = (name: string) =>
  z.string().transform((text, ctx): string[] => {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: `${name} must be a JSON list of strings, e.g. ["$pageview"].` });
    return z.NEVER;
  });

/** `GET /api/projects/:id/event_definitions/` */
export const eventDefinitionListQuerySchema = paginationQuerySchema.extend({
  /** Case-insensitive; every whitespace-separated term must occur in the name. */
  search: blankIsAbsent(z.string().max(1000)),
  /** `event_custom`: names without a `$` prefix; `event_posthog`: names with one. */
  event_type: blankIsAbsent(z.enum(['event', 'event_custom', 'event_posthog', 'all', 'action_event'])),
  /** `name`, `last_seen_at` or `created_at`, `-` for descending, comma-separated. */
  ordering: blankIsAbsent(z.string().max(200)),
});
export type EventDefinitionListQuery = z.output<typeof eventDefinitionListQuerySchema>;

/** `GET /api/projects/:id/property_definitions/` (PostHog's parameters and rules). */
export const propertyDefinitionListQuerySchema = paginationQuerySchema
  .extend({
    search: blankIsAbsent(z.string().max(1000)),
    type: blankIsAbsent(z.enum(['event', 'person', 'group', 'session'])).transform((t) => t ?? 'event'),
    group_type_index: blankIsAbsent(z.coerce.number().int().min(0).max(4)),
    /** Marks `is_seen_on_filtered_events` and sorts those first; only for `type=event`. */
    event_names: blankIsAbsent(jsonStringList('event_names')),
    /** With `event_names`: only properties seen on those events. */
    filter_by_event_names: blankIsAbsent(queryBoolean),
    is_numerical: blankIsAbsent(queryBoolean),
    /** Comma-separated exact names. */
    properties: blankIsAbsent(z.string().max(10_000)),
    excluded_properties: blankIsAbsent(jsonStringList('excluded_properties')),
  })
  .superRefine((q, ctx) => {
    if (q.type === 'group' && q.group_type_index === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['group_type_index'],
        message: '`group_type_index` must be set for `group` type',
      });
    }
    if (q.type !== 'group' && q.group_type_index !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['group_type_index'],
        message: '`group_type_index` can only set for `group` type',
      });
    }
    if (q.type !== 'event' && q.event_names !== undefined && q.event_names.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['event_names'],
        message: '`event_names` can only be set for `event` type',
      });
    }
  });
export type PropertyDefinitionListQuery = z.output<typeof propertyDefinitionListQuerySchema>;

export type PropertyValueType = 'String' | 'Numeric' | 'Boolean' | 'DateTime';

/** An event definition as PostHog's API shows it. */
export interface EventDefinitionResponse {
  id: string;
  name: string;
  created_at: string;
  last_seen_at: string | null;
  tags: string[];
  is_action: false;
}

/** A property definition as PostHog's API shows it. */
export interface PropertyDefinitionResponse {
  id: string;
  name: string;
  is_numerical: boolean;
  property_type: PropertyValueType | null;
  tags: string[];
  /** Whether it was seen on one of `event_names`; null when the request named no events. */
  is_seen_on_filtered_events: boolean | null;
}
