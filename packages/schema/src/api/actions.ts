import { z } from 'zod';
import { propertyFilterNodeSchema } from '../query/property-filters';

/** How an action step compares a string (`url`, `href`, `text`) with the event's. */
export const actionStepMatchings = ['exact', 'contains', 'regex'] as const;
export type ActionStepMatching = (typeof actionStepMatchings)[number];

/**
 * One step of an action, PostHog's `ActionStepJSON`: an event matches the step when every condition
 * present holds (`selector`, `tag_name`, `href` and `text` only on `$autocapture` events).
 */
export const actionStepSchema = z
  .object({
    event: z.string().max(400).optional().nullable(),
    properties: z.array(propertyFilterNodeSchema).max(100).optional().nullable(),
    selector: z.string().max(2000).optional().nullable(),
    tag_name: z.string().max(200).optional().nullable(),
    text: z.string().max(10_000).optional().nullable(),
    text_matching: z.enum(actionStepMatchings).optional().nullable(),
    href: z.string().max(10_000).optional().nullable(),
    href_matching: z.enum(actionStepMatchings).optional().nullable(),
    url: z.string().max(10_000).optional().nullable(),
    url_matching: z.enum(actionStepMatchings).optional().nullable(),
  })
  .loose();
export type ActionStep = z.output<typeof actionStepSchema>;

/** The step fields PostHog stores; anything else a client sends in a step is dropped. */
const STEP_FIELDS = [
  'event',
  'properties',
  'selector',
  'tag_name',
  'text',
  'text_matching',
  'href',
  'href_matching',
  'url',
  'url_matching',
] as const;

/** Empty strings are absent conditions, as in PostHog's matcher. */
const present = (v: string | null | undefined): v is string => typeof v === 'string' && v !== '';

/**
 * A step as an action is saved with: PostHog's fields only, and at least one condition that applies
 * (`selector`, `tag_name`, `href` and `text` apply to `$autocapture` steps only, as in PostHog).
 */
export const actionStepInputSchema = actionStepSchema
  .superRefine((step, ctx) => {
    const autocapture = step.event === '$autocapture';
    const conditions =
      present(step.event) ||
      present(step.url) ||
      (step.properties?.length ?? 0) > 0 ||
      (autocapture && [step.selector, step.tag_name, step.href, step.text].some(present));
    if (!conditions) {
      const elementOnly = [step.selector, step.tag_name, step.href, step.text].some(present);
      ctx.addIssue({
        code: 'custom',
        message: elementOnly
          ? 'selector, tag_name, href and text apply only to steps whose event is "$autocapture"; this step has no condition that applies.'
          : 'Each step needs at least one condition: event, url, properties, or (for "$autocapture") selector, tag_name, href or text.',
      });
    }
  })
  .transform((step): ActionStep => {
    const out: Record<string, unknown> = {};
    for (const key of STEP_FIELDS) if (step[key] !== undefined) out[key] = step[key];
    return out as ActionStep;
  });

const actionNameSchema = z.string().trim().min(1, 'Name must not be empty.').max(400);
const actionStepsSchema = z
  .array(actionStepInputSchema)
  .min(1, 'An action needs at least one step.')
  .max(50, 'An action may have at most 50 steps.');
const actionTagsSchema = z
  .array(z.string().trim().min(1, 'Tags must not be empty.').max(255))
  .max(50)
  .transform((tags) => [...new Set(tags)]);
const actionDescriptionSchema = z
  .string()
  .max(10_000)
  .nullable()
  .transform((d) => d ?? '');

/**
 * `POST /api/projects/:id/actions/`. Fields PostHog's serializer has but Hedgerow does not act on
 * (`post_to_slack`, `slack_message_format`, `pinned_at`, read-only fields of a copied action) are
 * accepted and ignored; `deleted` is honoured only by PATCH.
 */
export const createActionRequestSchema = z.object({
  name: actionNameSchema,
  description: actionDescriptionSchema.optional(),
  tags: actionTagsSchema.optional(),
  steps: actionStepsSchema,
});
export type CreateActionRequest = z.output<typeof createActionRequestSchema>;

/** `PATCH /api/projects/:id/actions/:action_id/`: every field optional; `deleted: true` soft-deletes. */
export const updateActionRequestSchema = z.object({
  name: actionNameSchema.optional(),
  description: actionDescriptionSchema.optional(),
  tags: actionTagsSchema.optional(),
  steps: actionStepsSchema.optional(),
  deleted: z.boolean().optional(),
});
export type UpdateActionRequest = z.output<typeof updateActionRequestSchema>;

/** A step as the API shows it: PostHog's `ActionStepJSON`, with the regex a selector compiles to. */
export interface ActionStepResponse {
  event: string | null;
  properties: ActionStep['properties'];
  selector: string | null;
  /** The RE2 regex over `elements_chain` the selector compiles to (null without a selector). */
  selector_regex: string | null;
  tag_name: string | null;
  text: string | null;
  text_matching: ActionStepMatching | null;
  href: string | null;
  href_matching: ActionStepMatching | null;
  url: string | null;
  url_matching: ActionStepMatching | null;
}

/** The user who created an object, as PostHog's `UserBasicSerializer` shows them. */
export interface UserBasicResponse {
  id: number;
  uuid: string;
  distinct_id: string;
  first_name: string;
  last_name: string;
  email: string;
}

/** An action as PostHog's API returns it. */
export interface ActionResponse {
  id: number;
  name: string;
  description: string;
  tags: string[];
  post_to_slack: false;
  slack_message_format: string;
  steps: ActionStepResponse[];
  created_at: string;
  created_by: UserBasicResponse | null;
  deleted: boolean;
  is_calculating: false;
  last_calculated_at: string;
  team_id: number;
  is_action: true;
  bytecode_error: null;
  pinned_at: null;
  creation_context: null;
}
