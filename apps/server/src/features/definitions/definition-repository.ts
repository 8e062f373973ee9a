import type {
  EventDefinitionResponse,
  PropertyDefinitionResponse,
  PropertyValueType,
} from '@hedgerow/schema';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type {
  AppDatabase,
  EventDefinitionTable,
  EventPropertyTable,
  PropertyDefinitionTable,
} from '../../app-store/app-database';
import { containsIgnoringCase } from '../../app-store/like-pattern';

/** Rows one ingestion batch adds or refreshes. */
export interface DefinitionWrites {
  events: EventDefinitionTable[];
  properties: PropertyDefinitionTable[];
  eventProperties: EventPropertyTable[];
}

export interface EventDefinitionListOptions {
  search?: string;
  /** `custom`: names without a `$` prefix; `posthog`: names with one. */
  kind?: 'custom' | 'posthog';
  ordering: { column: 'name' | 'last_seen_at' | 'created_at'; descending: boolean }[];
  limit: number;
  offset: number;
}

export interface PropertyDefinitionListOptions {
  type: 'event' | 'person' | 'group';
  groupTypeIndex?: number;
  search?: string;
  eventNames?: string[];
  filterByEventNames?: boolean;
  isNumerical?: boolean;
  names?: string[];
  excluded: string[];
  limit: number;
  offset: number;
}

/** Rows per INSERT: far below SQLite's and Postgres's bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

const terms = (search: string | undefined) => (search ?? '').split(/\s+/).filter((t) => t !== '');

/**
 * Event and property definitions in the app store: written by ingestion (a batch's new definitions
 * in one transaction, idempotent so a replayed batch changes nothing) and read by the autocomplete
 * APIs. Every query is scoped to one project and built with bound values.
 */
export class DefinitionRepository {
  constructor(private readonly db: Kysely<AppDatabase>) {}

  /**
   * Adds new definitions; for known ones moves `last_seen_at` forward only, and fills a property type
   * that was unknown (first seen as null, a list or an object). A type once detected never changes,
   * as in PostHog: the first value decides.
   */
  async write(writes: DefinitionWrites): Promise<void> {
    if (writes.events.length + writes.properties.length + writes.eventProperties.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const rows of chunks(writes.events)) {
        await trx
          .insertInto('event_definitions')
          .values(rows)
          .onConflict((oc) =>
            oc.column('id').doUpdateSet({
              last_seen_at: sql<string>`CASE WHEN event_definitions.last_seen_at IS NULL
                OR excluded.last_seen_at > event_definitions.last_seen_at
                THEN excluded.last_seen_at ELSE event_definitions.last_seen_at END`,
            }),
          )
          .execute();
      }
      for (const rows of chunks(writes.properties)) {
        await trx
          .insertInto('property_definitions')
          .values(rows)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet((eb) => ({
                property_type: eb.ref('excluded.property_type'),
                is_numerical: eb.ref('excluded.is_numerical'),
              }))
              .where('property_definitions.property_type', 'is', null),
          )
          .execute();
      }
      for (const rows of chunks(writes.eventProperties)) {
        await trx
          .insertInto('event_properties')
          .values(rows)
          .onConflict((oc) => oc.columns(['team_id', 'event', 'property']).doNothing())
          .execute();
      }
    });
  }

  /** Group type name → index of a project (ingestion creates the mappings before definitions are recorded). */
  async groupTypeIndexes(teamId: number): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('group_type_mappings')
      .select(['group_type', 'group_type_index'])
      .where('team_id', '=', teamId)
      .execute();
    return new Map(rows.map((r) => [r.group_type, r.group_type_index]));
  }

  async listEventDefinitions(
    teamId: number,
    options: EventDefinitionListOptions,
  ): Promise<{ count: number; results: EventDefinitionResponse[] }> {
    let base = this.db.selectFrom('event_definitions').where('team_id', '=', teamId);
    for (const term of terms(options.search)) {
      base = base.where(containsIgnoringCase('name', term));
    }
    if (options.kind === 'custom') base = base.where(sql<boolean>`name not like ${'$%'}`);
    if (options.kind === 'posthog') base = base.where(sql<boolean>`name like ${'$%'}`);

    let page = base.select(['id', 'name', 'created_at', 'last_seen_at']);
    // PostHog: shortest matches first when searching, then the requested order, then by name.
    if (options.search && terms(options.search).length > 0 && options.ordering.length === 0) {
      page = page.orderBy(sql`length(name)`);
    }
    const ordering =
      options.ordering.length > 0
        ? options.ordering
        : [{ column: 'last_seen_at' as const, descending: true }];
    for (const o of ordering) {
      // Never-seen definitions (null) sort last either way, as PostHog's NULLS LAST/FIRST does.
      page = page.orderBy(sql`${sql.ref(o.column)} is null`, o.descending ? 'asc' : 'desc');
      page = page.orderBy(o.column, o.descending ? 'desc' : 'asc');
    }
    if (!ordering.some((o) => o.column === 'name')) page = page.orderBy('name');

    const [{ n }, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      page.limit(options.limit).offset(options.offset).execute(),
    ]);
    return {
      count: Number(n),
      results: rows.map((r) => ({ ...r, tags: [], is_action: false })),
    };
  }

  async listPropertyDefinitions(
    teamId: number,
    options: PropertyDefinitionListOptions,
  ): Promise<{ count: number; results: PropertyDefinitionResponse[] }> {
    const eventNames = options.type === 'event' ? (options.eventNames ?? []) : [];
    const seenOnEvents = (eb: ExpressionBuilder<AppDatabase, 'property_definitions'>) =>
      eb.exists(
        eb
          .selectFrom('event_properties')
          .select(sql`1`.as('one'))
          .where('event_properties.team_id', '=', teamId)
          .where('event_properties.event', 'in', eventNames)
          .whereRef('event_properties.property', '=', 'property_definitions.name'),
      );

    let base = this.db
      .selectFrom('property_definitions')
      .where('team_id', '=', teamId)
      .where('type', '=', options.type);
    base =
      options.type === 'group'
        ? base.where('group_type_index', '=', options.groupTypeIndex ?? -1)
        : base.where('group_type_index', 'is', null);
    if (options.excluded.length > 0) base = base.where('name', 'not in', options.excluded);
    if (options.names && options.names.length > 0) base = base.where('name', 'in', options.names);
    if (options.isNumerical) {
      base = base.where('is_numerical', '=', 1).where('name', 'not in', ['distinct_id', 'timestamp']);
    }
    for (const term of terms(options.search)) {
      base = base.where(containsIgnoringCase('name', term));
    }
    if (eventNames.length > 0 && options.filterByEventNames) base = base.where(seenOnEvents);

    let page = base.select(['id', 'name', 'is_numerical', 'property_type']);
    if (eventNames.length > 0) {
      page = page.select((eb) => seenOnEvents(eb).as('seen')).orderBy('seen', 'desc');
    }
    const [{ n }, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
      page.orderBy('name').limit(options.limit).offset(options.offset).execute(),
    ]);
    return {
      count: Number(n),
      results: rows.map((r) => {
        const seen: unknown = 'seen' in r ? r.seen : null;
        return {
          id: r.id,
          name: r.name,
          is_numerical: r.is_numerical === 1,
          property_type: r.property_type as PropertyValueType | null,
          tags: [],
          is_seen_on_filtered_events: seen === null ? null : seen === true || seen === 1,
        };
      }),
    };
  }
}
