import { z } from 'zod';
import { dateRangeSchema } from './insight-nodes';
import { propertiesSchema } from './property-filters';

/** What becomes a path item: page URLs, screen names, custom event names, or a HogQL expression. */
export const pathTypes = ['$pageview', '$screen', 'custom_event', 'hogql'] as const;
export type PathType = (typeof pathTypes)[number];

/** A regex replacement applied to every path item (`alias` may use `\1` back-references). */
export const pathCleaningFilterSchema = z
  .object({
    regex: z.string().min(1, 'A path cleaning rule needs a regex.').max(2000),
    alias: z.string().max(2000),
  })
  .loose();
export type PathCleaningFilter = z.output<typeof pathCleaningFilterSchema>;

const pathItem = z.string().max(2000);

export const pathsFilterSchema = z
  .object({
    /** Empty or missing: every event (page views as URLs, screens as names, others by event name). */
    includeEventTypes: z.array(z.enum(pathTypes)).max(pathTypes.length).optional().nullable(),
    pathsHogQLExpression: z.string().max(2000).optional().nullable(),
    startPoint: pathItem.optional().nullable(),
    endPoint: pathItem.optional().nullable(),
    /** Items per path, default 5. */
    stepLimit: z.number().int().min(1).max(100).optional().nullable(),
    /** Edges returned, default 50. */
    edgeLimit: z.number().int().min(1).max(10_000).optional().nullable(),
    minEdgeWeight: z.number().int().min(0).optional().nullable(),
    maxEdgeWeight: z.number().int().min(0).optional().nullable(),
    /** Path items left out (compared after cleaning and grouping). */
    excludeEvents: z.array(pathItem).max(500).optional().nullable(),
    /** Wildcard patterns (`*` = anything) that merge matching items into the pattern itself. */
    pathGroupings: z.array(pathItem).max(100).optional().nullable(),
    /** Apply the project's path cleaning rules. */
    pathReplacements: z.boolean().optional().nullable(),
    localPathCleaningFilters: z.array(pathCleaningFilterSchema).max(100).optional().nullable(),
    /** Used when listing the persons behind an edge. */
    pathStartKey: pathItem.optional().nullable(),
    pathEndKey: pathItem.optional().nullable(),
    pathDropoffKey: pathItem.optional().nullable(),
  })
  .loose();
export type PathsFilter = z.output<typeof pathsFilterSchema>;

/** `PathsQuery`: the most common journeys between path items (INSIGHTS.md §7). */
export const pathsQuerySchema = z
  .object({
    kind: z.literal('PathsQuery'),
    dateRange: dateRangeSchema.optional().nullable(),
    properties: propertiesSchema.optional().nullable(),
    filterTestAccounts: z.boolean().optional().nullable(),
    pathsFilter: pathsFilterSchema.optional().nullable(),
    /** Paths before, after or between steps of a funnel. */
    funnelPathsFilter: z.object({}).loose().optional().nullable(),
  })
  .loose();
export type PathsQuery = z.output<typeof pathsQuerySchema>;
