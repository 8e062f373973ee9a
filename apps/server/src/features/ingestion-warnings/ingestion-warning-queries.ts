import type { EventStore } from '../../event-store/event-store';
import { isoFromClickhouseTime } from '../../event-store/iso-from-clickhouse-time';
import { runSql } from '../../query/run-sql';
import type { Expr } from '../../query/sql/sql-ast';
import {
  alias,
  and,
  col,
  fn,
  interval,
  num,
  op,
  or,
  param,
  select,
  str,
  table,
} from '../../query/sql/sql-builders';
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
 * and dead letters (events it refused, with the reason). SQL trees run through the query layer, which
 * scopes every table to the project.
 */
export class IngestionWarningQueries {
  constructor(private readonly store: EventStore) {}

  /**
   * Warnings of the last 30 days grouped by type, the most recently seen type first, each with its
   * newest examples. `search` keeps warnings whose type or details contain it (case-insensitive).
   */
  async summaries(teamId: number, search?: string): Promise<IngestionWarningSummary[]> {
    const W = 'w';
    const contains = (column: Expr, text: string) =>
      op('>', fn('positionCaseInsensitiveUTF8', column, str(text)), num(0));
    const where = and(
      op(
        '>',
        col('timestamp', W),
        op('-', fn('now64', num(6)), interval(param(WARNING_WINDOW_DAYS, 'UInt32'), 'DAY')),
      ),
      search !== undefined ? or(contains(col('type', W), search), contains(col('details', W), search)) : null,
    );
    const from = table('ingestion_warnings', W);
    const [counts, examples] = await Promise.all([
      runSql<{ type: string; count: number; last_seen: string }>(
        this.store,
        teamId,
        select({
          select: [
            alias(col('type', W), 'type'),
            alias(fn('count'), 'count'),
            alias(fn('max', col('timestamp', W)), 'last_seen'),
          ],
          from,
          where,
          groupBy: [col('type', W)],
          orderBy: [{ expr: col('last_seen'), direction: 'DESC' }, { expr: col('type', W) }],
        }),
      ),
      runSql<{ type: string; timestamp: string; details: string }>(
        this.store,
        teamId,
        select({
          select: [
            alias(col('type', W), 'type'),
            alias(col('timestamp', W), 'timestamp'),
            alias(col('details', W), 'details'),
          ],
          from,
          where,
          orderBy: [{ expr: col('timestamp', W), direction: 'DESC' }],
          limitBy: { limit: param(EXAMPLES_PER_TYPE, 'UInt32'), by: [col('type', W)] },
        }),
      ),
    ]);
    const byType = new Map<string, IngestionWarningSummary['warnings']>();
    for (const e of examples) {
      const list = byType.get(e.type) ?? [];
      list.push({
        type: e.type,
        timestamp: isoFromClickhouseTime(e.timestamp, 3),
        details: parseJsonObject(e.details),
      });
      byType.set(e.type, list);
    }
    return counts.map((r) => ({
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
    const D = 'd';
    const from = table('ingestion_dead_letters', D);
    const [count, rows] = await Promise.all([
      runSql<{ n: number }>(this.store, teamId, select({ select: [alias(fn('count'), 'n')], from })),
      runSql<Omit<DeadLetter, 'raw'> & { raw: string }>(
        this.store,
        teamId,
        select({
          select: [
            alias(fn('toString', col('id', D)), 'id'),
            ...(
              ['event_uuid', 'event', 'distinct_id', 'error_location', 'error', 'raw', 'created_at'] as const
            ).map((c) => alias(col(c, D), c)),
          ],
          from,
          // `id` is the output column (text), as the order has always been.
          orderBy: [
            { expr: col('created_at', D), direction: 'DESC' },
            { expr: col('id'), direction: 'DESC' },
          ],
          limit: param(page.limit, 'UInt32'),
          offset: param(page.offset, 'UInt32'),
        }),
      ),
    ]);
    return {
      count: Number(count[0]?.n ?? 0),
      results: rows.map((r) => ({
        ...r,
        raw: parseJsonObject(r.raw),
        created_at: isoFromClickhouseTime(r.created_at, 3),
      })),
    };
  }
}
