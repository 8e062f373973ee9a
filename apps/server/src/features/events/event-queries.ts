import type { EventStore, QueryParam } from '../../event-store/event-store';
import { EventStoreError } from '../../event-store/event-store-error';
import { quoteIdentifier } from '../../event-store/schema/render-ddl';
import { invalidInput } from '../../http/api-error';
import { compilePropertyFilters } from './compile-property-filters';
import type { EventPropertyFilter } from './event-property-filter';
import { parseJsonObject } from './parse-json-object';

/** An event row as read; `timestamp` is ClickHouse text in UTC with microseconds. */
export type EventRow = {
  id: string;
  event: string;
  distinct_id: string;
  properties: string;
  elements_chain: string;
  timestamp: string;
};

/** What the events list shows of the person behind an event's distinct id. */
export interface EventPerson {
  isIdentified: boolean;
  /** The person's first distinct id (sorted), as PostHog sends only one to keep lists small. */
  distinctIds: string[];
  properties: Record<string, unknown>;
}

export interface EventListFilter {
  /** ISO 8601 instants, parsed by the engine so that microseconds survive. */
  after?: string;
  before?: string;
  /** With `before`: also events at exactly `before` whose uuid sorts below this one (the cursor). */
  beforeUuid?: string;
  event?: string;
  distinctId?: string;
  personId?: string;
  properties: readonly EventPropertyFilter[];
}

/** ClickHouse's "cannot compile regular expression". */
const CANNOT_COMPILE_REGEXP = 427;

/**
 * Reads events from the event store for the events API. Every query filters on the project's
 * `team_id` and binds every value; newest first, with (timestamp, uuid) as the total order so that a
 * cursor can continue exactly where a page ended even when events share a timestamp.
 */
export class EventQueries {
  constructor(private readonly store: EventStore) {}

  get #db(): string {
    return quoteIdentifier(this.store.database);
  }

  async list(teamId: number, filter: EventListFilter, limit: number): Promise<EventRow[]> {
    const where = ['team_id = {team:Int64}'];
    const params: Record<string, QueryParam> = { team: teamId, limit };
    if (filter.after !== undefined) {
      params.after = filter.after;
      where.push(`timestamp > parseDateTime64BestEffort({after:String}, 6, 'UTC')`);
    }
    if (filter.before !== undefined) {
      params.before = filter.before;
      const before = `parseDateTime64BestEffort({before:String}, 6, 'UTC')`;
      if (filter.beforeUuid !== undefined) {
        params.before_uuid = filter.beforeUuid;
        // The plain bound lets the engine prune by the sorting key; the tuple breaks ties exactly.
        where.push(`timestamp <= ${before}`, `(timestamp, uuid) < (${before}, {before_uuid:UUID})`);
      } else {
        where.push(`timestamp < ${before}`);
      }
    }
    if (filter.event !== undefined) {
      params.event = filter.event;
      where.push('event = {event:String}');
    }
    if (filter.distinctId !== undefined) {
      params.distinct_id = filter.distinctId;
      where.push('distinct_id = {distinct_id:String}');
    }
    if (filter.personId !== undefined) {
      params.person_id = filter.personId;
      // The person's distinct ids as of now (latest version of each mapping), like PostHog's list.
      where.push(`distinct_id IN (
        SELECT distinct_id FROM ${this.#db}.person_distinct_ids
        WHERE team_id = {team:Int64} AND distinct_id IN (
          SELECT distinct_id FROM ${this.#db}.person_distinct_ids
          WHERE team_id = {team:Int64} AND person_id = {person_id:UUID})
        GROUP BY distinct_id
        HAVING argMax(person_id, version) = {person_id:UUID} AND argMax(is_deleted, version) = 0)`);
    }
    const compiled = compilePropertyFilters(filter.properties, { column: 'properties', prefix: 'p' });
    where.push(...compiled.conditions);
    Object.assign(params, compiled.params);

    await this.#checkPatterns(filter.properties);
    const result = await this.store.query<EventRow>({
      // LIMIT 1 BY hides a duplicate row (an SDK retry) that the table has not merged away yet.
      sql: `SELECT toString(uuid) AS id, event, distinct_id, properties, elements_chain, timestamp
            FROM ${this.#db}.events
            WHERE ${where.join('\n AND ')}
            ORDER BY timestamp DESC, uuid DESC
            LIMIT 1 BY uuid
            LIMIT {limit:UInt32}`,
      params,
    });
    return result.rows;
  }

  async find(teamId: number, uuid: string): Promise<EventRow | undefined> {
    const result = await this.store.query<EventRow>({
      sql: `SELECT toString(uuid) AS id, event, distinct_id, properties, elements_chain, timestamp
            FROM ${this.#db}.events
            WHERE team_id = {team:Int64} AND uuid = {uuid:UUID}
            LIMIT 1`,
      params: { team: teamId, uuid },
    });
    return result.rows[0];
  }

  /** The current person of each distinct id that has one (personless ids are absent). */
  async personsOf(teamId: number, distinctIds: readonly string[]): Promise<Map<string, EventPerson>> {
    const ids = [...new Set(distinctIds)];
    if (ids.length === 0) return new Map();
    const db = this.#db;
    const current = await this.store.query<{
      distinct_id: string;
      person_id: string;
      properties: string;
      is_identified: number;
    }>({
      sql: `SELECT d.distinct_id AS distinct_id, toString(d.current_person_id) AS person_id,
                   p.current_properties AS properties, p.current_is_identified AS is_identified
            FROM (
              SELECT distinct_id, argMax(person_id, version) AS current_person_id
              FROM ${db}.person_distinct_ids
              WHERE team_id = {team:Int64} AND distinct_id IN {ids:Array(String)}
              GROUP BY distinct_id
              HAVING argMax(is_deleted, version) = 0
            ) AS d
            INNER JOIN (
              SELECT id, argMax(properties, version) AS current_properties,
                     argMax(is_identified, version) AS current_is_identified
              FROM ${db}.persons
              WHERE team_id = {team:Int64} AND id IN (
                SELECT person_id FROM ${db}.person_distinct_ids
                WHERE team_id = {team:Int64} AND distinct_id IN {ids:Array(String)})
              GROUP BY id
              HAVING argMax(is_deleted, version) = 0
            ) AS p ON p.id = d.current_person_id`,
      params: { team: teamId, ids },
    });
    const personIds = [...new Set(current.rows.map((r) => r.person_id))];
    const firsts = new Map<string, string>();
    if (personIds.length > 0) {
      const first = await this.store.query<{ person_id: string; first_distinct_id: string }>({
        sql: `SELECT toString(current_person_id) AS person_id, min(distinct_id) AS first_distinct_id
              FROM (
                SELECT distinct_id, argMax(person_id, version) AS current_person_id
                FROM ${db}.person_distinct_ids
                WHERE team_id = {team:Int64} AND distinct_id IN (
                  SELECT distinct_id FROM ${db}.person_distinct_ids
                  WHERE team_id = {team:Int64} AND person_id IN {persons:Array(UUID)})
                GROUP BY distinct_id
                HAVING argMax(is_deleted, version) = 0
              )
              WHERE current_person_id IN {persons:Array(UUID)}
              GROUP BY current_person_id`,
        params: { team: teamId, persons: personIds },
      });
      for (const r of first.rows) firsts.set(r.person_id, r.first_distinct_id);
    }
    const out = new Map<string, EventPerson>();
    for (const r of current.rows) {
      out.set(r.distinct_id, {
        isIdentified: Number(r.is_identified) === 1,
        distinctIds: [firsts.get(r.person_id) ?? r.distinct_id],
        properties: parseJsonObject(r.properties),
      });
    }
    return out;
  }

  /**
   * Compiles every regex filter's pattern before the list runs: the engine reports a bad pattern only
   * once it reaches a row, possibly after it began streaming results, and the client deserves a 400
   * naming the filter rather than a failed query.
   */
  async #checkPatterns(filters: readonly EventPropertyFilter[]): Promise<void> {
    const patterns = filters.flatMap((f, i) =>
      f.operator === 'regex' || f.operator === 'not_regex'
        ? f.values.map((pattern, j) => ({
            pattern,
            attr: f.values.length > 1 ? `properties__${i}__value__${j}` : `properties__${i}__value`,
          }))
        : [],
    );
    if (patterns.length === 0) return;
    const compiles = async (list: readonly { pattern: string }[]) => {
      try {
        await this.store.query({
          sql: `SELECT ${list.map((_, i) => `match('', {r${i}:String})`).join(', ')}`,
          params: Object.fromEntries(list.map((p, i) => [`r${i}`, p.pattern])),
        });
        return true;
      } catch (error) {
        if (error instanceof EventStoreError && error.clickhouseCode === CANNOT_COMPILE_REGEXP) return false;
        throw error;
      }
    };
    if (await compiles(patterns)) return;
    for (const p of patterns) {
      if (!(await compiles([p]))) throw invalidInput('Not a valid regular expression (RE2 syntax).', p.attr);
    }
  }
}
