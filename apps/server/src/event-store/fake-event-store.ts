import type { BoundQuery, EncodedRows, EventStore, InsertOptions, QueryResult, Row } from './event-store';

/**
 * In-memory stand-in for unit tests: records inserts and commands, and answers queries with whatever
 * `answer` returns. It does not run SQL; tests that need SQL semantics use chDB.
 */
export class FakeEventStore implements EventStore {
  readonly kind = 'chdb' as const;
  readonly database = 'hedgerow_fake';
  readonly inserted = new Map<string, Row[]>();
  readonly insertCalls: { table: string; rows: readonly Row[]; options: InsertOptions }[] = [];
  readonly commands: BoundQuery[] = [];
  readonly queries: BoundQuery[] = [];
  /** Set to make the next calls fail, as an unreachable store would. */
  failWith: Error | null = null;
  answer: (query: BoundQuery) => Row[] = () => [];

  /** `cluster` names a cluster, for code that renders different SQL on one. */
  constructor(readonly cluster: string | null = null) {}

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

  /** Records the decoded rows as `insert` would (objects given for String columns stay objects). */
  async insertEncoded(table: string, rows: EncodedRows, options: InsertOptions = {}): Promise<void> {
    const text = Buffer.from(rows.data.buffer, rows.data.byteOffset, rows.data.byteLength).toString('utf8');
    const decoded = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Row);
    await this.insert(table, decoded, options);
  }

  async ping(): Promise<void> {
    this.#maybeFail();
  }

  async close(): Promise<void> {}

  #maybeFail(): void {
    if (this.failWith) throw this.failWith;
  }
}
