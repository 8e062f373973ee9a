import { z } from 'zod';
import { type PathCleaningFilter, pathCleaningFilterSchema } from '../query/paths-query';

/** IANA time zone names, checked with the runtime's own Intl database. */
export const timezoneSchema = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'Unknown time zone; use an IANA name such as "Europe/Berlin".' },
);

/** PostHog's week start: 0 = Sunday, 1 = Monday. */
export const weekStartDaySchema = z.union([z.literal(0), z.literal(1)]);

/** One property filter as PostHog stores it in `test_account_filters`. */
export const propertyFilterSchema = z
  .object({
    key: z.string().min(1),
    type: z.string().min(1).default('event'),
    operator: z.string().optional(),
    value: z.unknown().optional(),
  })
  .loose();

export const projectNameSchema = z.string().trim().min(1, 'Name must not be empty.').max(200);

/** `POST /api/projects/`; fields PostHog has and Hedgerow does not (read-only ones included) are ignored. */
export const createProjectRequestSchema = z.object({
  name: projectNameSchema,
  timezone: timezoneSchema.optional(),
  week_start_day: weekStartDaySchema.optional(),
  test_account_filters: z.array(propertyFilterSchema).optional(),
  /** Add `$geoip_*` properties to events from the sender's IP address (default true). */
  geoip_enabled: z.boolean().optional(),
  /** `[{regex, alias}]` replacements paths insights apply with `pathReplacements` (PostHog's team field). */
  path_cleaning_filters: z.array(pathCleaningFilterSchema).max(100).optional(),
});
export type CreateProjectRequest = z.input<typeof createProjectRequestSchema>;

/** `PATCH /api/projects/:id/`: every field optional; unknown fields ignored, as PostHog's serializer does. */
export const updateProjectRequestSchema = createProjectRequestSchema.partial();
export type UpdateProjectRequest = z.input<typeof updateProjectRequestSchema>;

/** A project as the API returns it (PostHog's team fields where they exist). */
export interface ProjectResponse {
  id: number;
  uuid: string;
  organization: string;
  name: string;
  api_token: string;
  timezone: string;
  week_start_day: 0 | 1;
  test_account_filters: z.infer<typeof propertyFilterSchema>[];
  /** Hedgerow's switch for GeoIP enrichment of events (PostHog has no such team field). */
  geoip_enabled: boolean;
  path_cleaning_filters: PathCleaningFilter[];
  created_at: string;
  updated_at: string;
}
