import fs from 'node:fs';
import { type ChdbResult, drainPending, Session } from 'chdb';
import { encodeJsonEachRow } from './encode-json-each-row';
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
import { settingsClause } from './settings-clause';

interface JsonFormatBody<T> {
  meta: { name: string; type: string }[];
  data: T[];
  statistics?: { elapsed: number; rows_read: number; bytes_read: number };
}

function toEventStoreError(error: unknown): EventStoreError {
  if (error instanceof EventStoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'ChdbTimeoutError' || name === 'ChdbAbortError') {
    return new EventStoreError('timeout', message, null, { cause: error });
  }
  if (name === 'ChdbClosedError' || name === 'ChdbConnectionError') {
    return new EventStoreError('unavailable', message, null, { cause: error });
  }
  const withCode = error as { clickhouseCode?: unknown };
  const code =
    typeof withCode.clickhouseCode === 'number'
      ? withCode.clickhouseCode
      : clickhouseCodeFromMessage(message);
  return new EventStoreError(kindForClickhouseCode(code), message, code, { cause: error });
}

/**
 * The embedded event store: ClickHouse running in-process through chDB, with its data under the data
 * dir. chDB allows one data directory per process, so the process holds exactly one of these. Every
 * call is async (runs off the event loop).
 */
export class ChdbEventStore implements EventStore {
  readonly kind = 'chdb' as const;
  readonly cluster = null;
  #session: Session;
  #closed = false;

  private constructor(
    session: Session,
    readonly database: string,
  ) {
    this.#session = session;
  }

  static open(options: { path: string; database: string }): ChdbEventStore {
    fs.mkdirSync(options.path, { recursive: true });
    try {
      const session = new Session(options.path);
      return new ChdbEventStore(session, options.database);
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  async query<T extends Row = Row>(query: BoundQuery, options: QueryOptions = {}): Promise<QueryResult<T>> {
    const settings = { ...OUTPUT_SETTINGS, ...timeoutSettings(options), ...options.settings };
    const result = await this.#run(query.sql + settingsClause(settings), query, options, 'JSON');
    const body = parseJsonResult<JsonFormatBody<T>>(result.text());
    return {
      rows: body.data,
      columns: body.meta,
      statistics: {
        elapsedMs: (body.statistics?.elapsed ?? result.elapsed) * 1000,
        rowsRead: body.statistics?.rows_read ?? result.rowsRead,
        bytesRead: body.statistics?.bytes_read ?? result.bytesRead,
      },
    };
  }

  async command(query: BoundQuery, options: QueryOptions = {}): Promise<void> {
    const sql =
      options.settings || options.timeoutMs
        ? query.sql + settingsClause({ ...timeoutSettings(options), ...options.settings })
        : query.sql;
    await this.#run(sql, query, options, 'TabSeparated');
  }

  async insert(table: string, rows: readonly Row[], options: InsertOptions = {}): Promise<void> {
    if (rows.length === 0) return;
    this.#assertOpen();
    await this.insertEncoded(table, encodeJsonEachRow(rows), options);
  }

  async insertEncoded(table: string, rows: EncodedRows, options: InsertOptions = {}): Promise<void> {
    if (rows.rows === 0) return;
    this.#assertOpen();
    const settings: Record<string, string | number> = {
      input_format_skip_unknown_fields: 0,
      // Parsing one insert on several threads costs more than it saves on small machines, where the
      // server's other threads want the cores (bench:ingest on 2 cores).
      input_format_parallel_parsing: 0,
    };
    if (rows.objectsAsStrings) settings.input_format_json_read_objects_as_strings = 1;
    if (options.deduplicationToken) settings.insert_deduplication_token = options.deduplicationToken;
    try {
      // chDB validates and quotes plain identifiers itself; quoteIdentifier only checks ours are plain.
      quoteIdentifier(table);
      await this.#session.insert({
        table: `${this.database}.${table}`,
        values: Buffer.from(rows.data.buffer, rows.data.byteOffset, rows.data.byteLength),
        format: 'JSONEachRow',
        settings,
      });
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  async ping(): Promise<void> {
    await this.#run('SELECT 1', { sql: 'SELECT 1' }, {}, 'TabSeparated');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#session.close();
    await drainPending();
  }

  async #run(sql: string, query: BoundQuery, options: QueryOptions, format: string): Promise<ChdbResult> {
    this.#assertOpen();
    try {
      const opts = { format, signal: options.signal, timeout: options.timeoutMs };
      return query.params && Object.keys(query.params).length > 0
        ? await this.#session.queryBindAsync(sql, formatQueryParams(query.params), opts)
        : await this.#session.queryAsync(sql, opts);
    } catch (error) {
      throw toEventStoreError(error);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new EventStoreError('unavailable', 'The chDB event store is closed.');
  }
}

function timeoutSettings(options: QueryOptions): Record<string, number> {
  return options.timeoutMs ? { max_execution_time: Math.max(1, Math.ceil(options.timeoutMs / 1000)) } : {};
}
