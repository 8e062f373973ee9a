import { z } from 'zod';
import { actorsQuerySchema } from '../query/actors-query';
import { propertyFilterNodeSchema } from '../query/property-filters';

/** Types of property filters that mean "the person is (not) in cohort `value`". */
export const cohortFilterTypes = ['cohort', 'precalculated-cohort', 'static-cohort'] as const;

/** Units of behavioral cohort windows, counted back from the moment the cohort is evaluated. */
export const cohortTimeIntervals = ['hour', 'day', 'week', 'month', 'year'] as const;
export type CohortTimeInterval = (typeof cohortTimeIntervals)[number];

/** What a behavioral criterion asks of a person's events (PostHog's `BehavioralEventType`s). */
export const behavioralTypes = [
  'performed_event',
  'performed_event_multiple',
  'performed_event_first_time',
  'performed_event_regularly',
  'stopped_performing_event',
  'restarted_performing_event',
  'performed_event_sequence',
] as const;
export type BehavioralType = (typeof behavioralTypes)[number];

/** How `operator_value` is compared with a count: PostHog's `get_count_operator`. */
export const countOperators = ['gte', 'lte', 'gt', 'lt', 'exact', 'eq'] as const;
export type CountOperator = (typeof countOperators)[number];

const count = z.coerce.number().int().min(0).max(1_000_000);
const positive = z.coerce.number().int().min(1).max(100_000);
const negation = z.boolean().optional().nullable();

/** A person property criterion: a person property filter, optionally negated. */
const personCriterionSchema = propertyFilterNodeSchema.extend({ type: z.literal('person'), negation });

/** Membership of another cohort (`value` is its id). */
const cohortCriterionSchema = z
  .object({
    type: z.enum(cohortFilterTypes),
    key: z.string().max(20).optional(),
    value: z.coerce.number().int().positive(),
    operator: z.enum(['in', 'not_in']).optional().nullable(),
    negation,
  })
  .loose();

/**
 * A behavioral criterion: `key` is an event name (`event_type: "events"`) or an action id
 * (`"actions"`), `value` says what the person must have done within the window (`time_value`
 * `time_interval`s back from now, or `explicit_datetime` … `explicit_datetime_to`).
 */
const behavioralCriterionSchema = z
  .object({
    type: z.literal('behavioral'),
    key: z.union([z.string().min(1).max(400), z.number().int()]),
    value: z.enum(behavioralTypes),
    event_type: z.enum(['events', 'actions']).default('events'),
    time_value: positive.optional().nullable(),
    time_interval: z.enum(cohortTimeIntervals).optional().nullable(),
    explicit_datetime: z.string().max(64).optional().nullable(),
    explicit_datetime_to: z.string().max(64).optional().nullable(),
    operator: z.enum(countOperators).optional().nullable(),
    operator_value: count.optional().nullable(),
    seq_event: z
      .union([z.string().min(1).max(400), z.number().int()])
      .optional()
      .nullable(),
    seq_event_type: z.enum(['events', 'actions']).optional().nullable(),
    seq_time_value: positive.optional().nullable(),
    seq_time_interval: z.enum(cohortTimeIntervals).optional().nullable(),
    total_periods: positive.optional().nullable(),
    min_periods: positive.optional().nullable(),
    event_filters: z.array(propertyFilterNodeSchema).max(100).optional().nullable(),
    negation,
  })
  .loose();

export const cohortCriterionLeafSchema = z.discriminatedUnion('type', [
  personCriterionSchema,
  cohortCriterionSchema,
  behavioralCriterionSchema,
]);
export type PersonCriterion = z.output<typeof personCriterionSchema>;
export type CohortCriterion = z.output<typeof cohortCriterionSchema>;
export type BehavioralCriterion = z.output<typeof behavioralCriterionSchema>;
export type CohortCriterionLeaf = z.output<typeof cohortCriterionLeafSchema>;

export interface CohortCriteriaGroup {
  type: 'AND' | 'OR';
  values: (CohortCriteriaGroup | CohortCriterionLeaf)[];
}

/** Nested AND/OR groups of criteria: a dynamic cohort's `filters.properties`. */
export const cohortCriteriaGroupSchema: z.ZodType<CohortCriteriaGroup> = z.lazy(() =>
  z.object({
    type: z.enum(['AND', 'OR']),
    values: z.array(z.union([cohortCriteriaGroupSchema, cohortCriterionLeafSchema])).max(100),
  }),
);

/**
 * PostHog's older form, `groups`: the groups are ORed; each ANDs its `properties` and, with
 * `event_id` or `action_id`, "performed it `count_operator` `count` times in the last `days` days".
 */
export const legacyCohortGroupSchema = z
  .object({
    properties: z
      .array(z.union([cohortCriterionLeafSchema, propertyFilterNodeSchema]))
      .max(100)
      .optional(),
    event_id: z.string().min(1).max(400).optional().nullable(),
    action_id: z.coerce.number().int().optional().nullable(),
    days: positive.optional().nullable(),
    count: count.optional().nullable(),
    count_operator: z.enum(['gte', 'lte', 'eq']).optional().nullable(),
  })
  .loose();
export type LegacyCohortGroup = z.output<typeof legacyCohortGroupSchema>;

const cohortFiltersSchema = z.object({ properties: cohortCriteriaGroupSchema }).loose();

const cohortFields = {
  name: z.string().trim().min(1, 'Name must not be empty.').max(400),
  description: z.string().max(1000).optional().nullable(),
  filters: cohortFiltersSchema.optional().nullable(),
  groups: z.array(legacyCohortGroupSchema).max(50).optional().nullable(),
  /** Static cohorts list their persons; dynamic ones are evaluated from their criteria. */
  is_static: z.boolean().optional(),
  /** Static cohorts only: the persons to put in it. */
  person_ids: z.array(z.uuid()).max(100_000).optional(),
  /** Static cohorts only: the persons behind an insight's data point (an `ActorsQuery` with a source). */
  query: actorsQuerySchema.optional().nullable(),
  deleted: z.boolean().optional(),
};

/** `POST /api/projects/:id/cohorts/` (JSON; a multipart body with a `csv` file is read into this). */
export const createCohortRequestSchema = z.object(cohortFields).loose();
export type CreateCohortRequest = z.output<typeof createCohortRequestSchema>;

/** `PATCH /api/projects/:id/cohorts/:id/` */
export const updateCohortRequestSchema = z
  .object({ ...cohortFields, name: cohortFields.name.optional() })
  .loose();
export type UpdateCohortRequest = z.output<typeof updateCohortRequestSchema>;

/** `PATCH …/cohorts/:id/add_persons_to_static_cohort/` */
export const addPersonsToStaticCohortSchema = z.object({ person_ids: z.array(z.uuid()).min(1).max(100_000) });

/** `PATCH …/cohorts/:id/remove_person_from_static_cohort/` */
export const removePersonFromStaticCohortSchema = z.object({ person_id: z.uuid() });
