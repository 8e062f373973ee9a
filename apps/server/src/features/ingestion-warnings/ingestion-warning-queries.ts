import type { EventStore, QueryParam } from '../../event-store/event-store';
import { isoFromClickhouseTime } from '../../event-store/iso-from-clickhouse-time';
import { quoteIdentifier } from '../../event-store/schema/render-ddl';
import { parseJsonObject } from '../events/parse-json-object';

export interface IngestionWarningSummary {
  type: string;
  lastSeen: string;
  warnings: { type: string; timestamp: string; details: Record<string, unknown> }[];
  count: number;
}

export interface DeadLetter {
  id: string;
  event_uuid: string;
  event: string;
  distinct_id: string;
  error_location: string;
  error: string;
  raw: Record<string, unknown>;
  created_at: string;
}

/** How far back the warnings list looks, as in PostHog. */
const WARNING_WINDOW_DAYS = 30;
/** Examples returned per warning type; the count covers them all. */
const EXAMPLES_PER_TYPE = 50;

/**
 * Reads what ingestion recorded about a project's events: warnings (refused merges, bad timestamps, …)
 * and dead letters (events it refused, with the reason). Every query filters on the project's team_id.
 */
export class IngestionWarningQueries {
  constructor(private readonly store: EventStore) {}

  get #db(): string {
    return quoteIdentifier(this.store.database);
  }

  /**
   * Warnings of the last 30 days grouped by type, the most recently seen type first, each with its
   * newest examples. `search` keeps warnings whose type or details contain it (case-insensitive).
   */
  async summaries(teamId: number, search?: string): Promise<IngestionWarningSummary[]> {
    const params: Record<string, QueryParam> = { team: teamId, days: WARNING_WINDOW_DAYS };
    let where = 'team_id = {team:Int64} AND timestamp > now64(6) - toIntervalDay({days:UInt32})';
    if (search !== undefined) {
      params.search = search;
      where += ` AND (positionCaseInsensitiveUTF8(type, {search:String}) > 0
                  OR positionCaseInsensitiveUTF8(details, {search:String}) > 0)`;
    }
    const table = `${this.#db}.ingestion_warnings`;
    const [counts, examples] = await Promise.all([
      this.store.query<{ type: string; count: number; last_seen: string }>({
        sql: `SELECT type, count() AS count, max(timestamp) AS last_seen FROM ${table}
              WHERE ${where} GROUP BY type ORDER BY last_seen DESC, type`,
        params,
      }),
      this.store.query<{ type: string; timestamp: string; details: string }>({
        sql: `SELECT type, timestamp, details FROM ${table}
              WHERE ${where}
              ORDER BY timestamp DESC
              LIMIT {examples:UInt32} BY type`,
        params: { ...params, examples: EXAMPLES_PER_TYPE },
      }),
    ]);
    const byType = new Map<string, IngestionWarningSummary['warnings']>();
    for (const e of examples.rows) {
      const list = byType.get(e.type) ?? [];
      list.push({
        type: e.type,
        timestamp: isoFromClickhouseTime(e.timestamp, 3),
        details: parseJsonObject(e.details),
      });
      byType.set(e.type, list);
    }
    return counts.rows.map((r) => ({
      type: r.type,
      lastSeen: isoFromClickhouseTime(r.last_seen, 3),
      warnings: byType.get(r.type) ?? [],
      count: Number(r.count),
    }));
  }

  /** Dead-lettered events, newest first (kept 30 days by the table's TTL). */
  async deadLetters(
    teamId: number,
    page: { limit: number; offset: number },
  ): Promise<{ count: number; results: DeadLetter[] }> {
    const table = `${this.#db}.ingestion_dead_letters`;
    const params = { team: teamId, limit: page.limit, offset: page.offset };
    const [count, rows] = await Promise.all([
      this.store.query<{ n: number }>({
        sql: `SELECT count() AS n FROM ${table} WHERE team_id = {team:Int64}`,
        params,
      }),
      this.store.query<Omit<DeadLetter, 'raw'> & { raw: string }>({
        sql: `SELECT toString(id) AS id, event_uuid, event, distinct_id, error_location, error, raw, created_at
              FROM ${table} WHERE team_id = {team:Int64}
              ORDER BY created_at DESC, id DESC
              LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
        params,
      }),
    ]);
    return {
      count: Number(count.rows[0]?.n ?? 0),
      results: rows.rows.map((r) => ({
        ...r,
        raw: parseJsonObject(r.raw),
        created_at: isoFromClickhouseTime(r.created_at, 3),
      })),
    };
  }
}
