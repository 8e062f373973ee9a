import type {
  BoundQuery,
  EncodedRows,
  EventStore,
  InsertOptions,
  QueryOptions,
  QueryResult,
  Row,
} from '../../apps/server/src/event-store/event-store';

/** One statement a query ran, with its time as the engine reported it. */
export interface RecordedStatement {
  query: BoundQuery;
  elapsedMs: number;
  rowsRead: number;
}

/**
 * Forwards to an event store and, while `recording`, keeps every SELECT it runs: how many statements
 * an insight needs and what each costs is what profiling the generated SQL starts from.
 */
export class RecordingEventStore implements EventStore {
  readonly kind: EventStore['kind'];
  readonly database: string;
  readonly cluster: string | null;
  recording = false;
  statements: RecordedStatement[] = [];

  constructor(private readonly inner: EventStore) {
    this.kind = inner.kind;
    this.database = inner.database;
    this.cluster = inner.cluster;
  }

  async query<T extends Row = Row>(query: BoundQuery, options?: QueryOptions): Promise<QueryResult<T>> {
    const result = await this.inner.query<T>(query, options);
    if (this.recording) {
      this.statements.push({
        query,
        elapsedMs: result.statistics.elapsedMs,
        rowsRead: result.statistics.rowsRead,
      });
    }
    return result;
  }

  command(query: BoundQuery, options?: QueryOptions): Promise<void> {
    return this.inner.command(query, options);
  }

  insert(table: string, rows: readonly Row[], options?: InsertOptions): Promise<void> {
    return this.inner.insert(table, rows, options);
  }

  insertEncoded(table: string, rows: EncodedRows, options?: InsertOptions): Promise<void> {
    return this.inner.insertEncoded(table, rows, options);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
