import type { BoundQuery, EventStore, InsertOptions, QueryResult, Row } from './event-store';

/**
 * In-memory stand-in for unit tests: records inserts and commands, and answers queries with whatever
 * `answer` returns. It does not run SQL; tests that need SQL semantics use chDB.
 */
export class FakeEventStore implements EventStore {
  readonly kind = 'chdb' as const;
  readonly database = 'hedgerow_fake';
  readonly cluster = null;
  readonly inserted = new Map<string, Row[]>();
  readonly insertCalls: { table: string; rows: readonly Row[]; options: InsertOptions }[] = [];
  readonly commands: BoundQuery[] = [];
  readonly queries: BoundQuery[] = [];
  /** Set to make the next calls fail, as an unreachable store would. */
  failWith: Error | null = null;
  answer: (query: BoundQuery) => Row[] = () => [];

  async query<T extends Row = Row>(query: BoundQuery): Promise<QueryResult<T>> {
    this.#maybeFail();
    this.queries.push(query);
    const rows = this.answer(query) as T[];
    return { rows, columns: [], statistics: { elapsedMs: 0, rowsRead: rows.length, bytesRead: 0 } };
  }

  async command(query: BoundQuery): Promise<void> {
    this.#maybeFail();
    this.commands.push(query);
  }

  async insert(table: string, rows: readonly Row[], options: InsertOptions = {}): Promise<void> {
    this.#maybeFail();
    this.insertCalls.push({ table, rows, options });
    const list = this.inserted.get(table) ?? [];
    list.push(...rows);
    this.inserted.set(table, list);
  }

  async ping(): Promise<void> {
    this.#maybeFail();
  }

  async close(): Promise<void> {}

  #maybeFail(): void {
    if (this.failWith) throw this.failWith;
  }
}
