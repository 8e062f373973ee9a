import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type {
  BoundQuery,
  EncodedRows,
  EventStore,
  InsertOptions,
  QueryOptions,
  QueryResult,
  Row,
} from './event-store';
import { clickhouseCodeFromMessage, EventStoreError, kindForClickhouseCode } from './event-store-error';
import { formatQueryParams } from './format-query-param';
import { OUTPUT_SETTINGS } from './output-settings';
import { parseJsonResult } from './parse-json-result';
import { quoteIdentifier } from './schema/render-ddl';

export interface ClickhouseHttpOptions {
  url: string;
  username: string;
  password: string;
  database: string;
  cluster: string | null;
  /** Socket-level limit for one request, in milliseconds. */
  requestTimeoutMs?: number;
}

interface JsonFormatBody<T> {
  meta: { name: string; type: string }[];
  data: T[];
  statistics?: { elapsed: number; rows_read: number; bytes_read: number };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
]);

function toEventStoreError(error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new EventStoreError('unavailable', `ClickHouse is unreachable: ${message}`, null, {
      cause: error,
    });
  }
  if (/timeout/i.test(message) && !/Code:\s*\d+/.test(message)) {
    return new EventStoreError('timeout', message, null, { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new EventStoreError('timeout', 'The query was cancelled.', null, { cause: error });
  }
  const chCode =
    clickhouseCodeFromMessage(message) ??
    (typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : null);
  return new EventStoreError(kindForClickhouseCode(chCode), message, chCode, { cause: error });
}

/**
 * The event store on a ClickHouse server (or cluster) over HTTP. Runs exactly the SQL the chDB adapter
 * runs; settings travel as URL parameters instead of a SETTINGS clause.
 */
export class ClickhouseHttpEventStore implements EventStore {
  readonly kind = 'clickhouse' as const;
  readonly database: string;
  readonly cluster: string | null;
  #client: ClickHouseClient;

  constructor(options: ClickhouseHttpOptions) {
    quoteIdentifier(options.database);
    this.database = options.database;
    this.cluster = options.cluster;
    this.#client = createClient({
      url: options.url,
      username: options.username,
      password: options.password,
      request_timeout: options.requestTimeoutMs ?? 300_000,
      // Errors are reported to our callers as EventStoreErrors; the client must not log them again.
      log: { level: ClickHouseLogLevel.OFF },
      compression: { request: false, response: true },
    });
  }

  async query<T extends Row = Row>(query: BoundQuery, options: QueryOptions = {}): Promise<QueryResult<T>> {
    try {
      const result = await this.#client.query({
        query: query.sql,
        query_params: formatQueryParams(query.params),
        format: 'JSON',
        clickhouse_settings: { ...OUTPUT_SETTINGS, ...timeoutSettings(options), ...options.settings },
        abort_signal: options.signal,
      });
      const typed = parseJsonResult<JsonFormatBody<T>>(await result.text());
      return {
        rows: typed.data,
        columns: typed.meta,
        statistics: {
          elapsedMs: (typed.statistics?.elapsed ?? 0) * 1000,
          rowsRead: typed.statistics?.rows_read ?? 0,
          bytesRead: typed.statistics?.bytes_read ?? 0,
        },
      };
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  async command(query: BoundQuery, options: QueryOptions = {}): Promise<void> {
    try {
      await this.#client.command({
        query: query.sql,
        query_params: formatQueryParams(query.params),
        clickhouse_settings: { ...timeoutSettings(options), ...options.settings },
        abort_signal: options.signal,
      });
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  async insert(table: string, rows: readonly Row[], options: InsertOptions = {}): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.#client.insert({
        table: `${quoteIdentifier(this.database)}.${quoteIdentifier(table)}`,
        values: rows as Row[],
        format: 'JSONEachRow',
        clickhouse_settings: options.deduplicationToken
          ? { insert_deduplication_token: options.deduplicationToken }
          : {},
      });
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  async insertEncoded(table: string, rows: EncodedRows, options: InsertOptions = {}): Promise<void> {
    if (rows.rows === 0) return;
    const settings: Record<string, string | number> = {};
    if (rows.objectsAsStrings) settings.input_format_json_read_objects_as_strings = 1;
    if (options.deduplicationToken) settings.insert_deduplication_token = options.deduplicationToken;
    try {
      // The rows go as the request body of an INSERT, as they are: nothing is parsed or re-encoded here.
      const result = await this.#client.exec({
        query: `INSERT INTO ${quoteIdentifier(this.database)}.${quoteIdentifier(table)} FORMAT JSONEachRow`,
        values: Readable.from([Buffer.from(rows.data.buffer, rows.data.byteOffset, rows.data.byteLength)]),
        clickhouse_settings: settings,
      });
      result.stream.resume();
      await finished(result.stream);
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  /** A real query rather than `/ping`, so that wrong credentials count as a failure. */
  async ping(): Promise<void> {
    try {
      const result = await this.#client.query({ query: 'SELECT 1', format: 'JSON' });
      await result.json();
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}

function timeoutSettings(options: QueryOptions): Record<string, number> {
  return options.timeoutMs ? { max_execution_time: Math.max(1, Math.ceil(options.timeoutMs / 1000)) } : {};
}
