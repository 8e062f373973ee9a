import { describe, expect, it } from 'vitest';
import type { BoundQuery, EventStore, QueryOptions, QueryResult, Row } from '../event-store/event-store';
import { EventStoreError } from '../event-store/event-store-error';
import { FakeEventStore } from '../event-store/fake-event-store';
import type { Project } from '../features/projects/project-repository';
import { QueryService } from './query-service';

const project: Project = {
  id: 7,
  uuid: 'u',
  organization_id: 'o',
  name: 'p',
  api_token: 'phc_x',
  secret_api_token: 'phs_x',
  timezone: 'UTC',
  week_start_day: 0,
  test_account_filters: [],
  geoip_enabled: true,
  path_cleaning_filters: [],
  created_at: '',
  updated_at: '',
};
const trends = {
  kind: 'TrendsQuery' as const,
  interval: 'day' as const,
  dateRange: { date_from: '2024-01-01', date_to: '2024-01-02' },
  series: [{ kind: 'EventsNode' as const, event: 'x' }],
};

/** An event store whose queries never finish on their own, like a very slow query. */
class HangingStore extends FakeEventStore implements EventStore {
  override async query<T extends Row = Row>(_q: BoundQuery, options?: QueryOptions): Promise<QueryResult<T>> {
    return new Promise((_resolve, reject) => {
      const timer = setTimeout(
        () => reject(new EventStoreError('timeout', 'Timeout exceeded', 159)),
        options?.timeoutMs ?? 50,
      );
      options?.signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new EventStoreError('timeout', 'cancelled'));
      });
    });
  }
}

describe('QueryService', () => {
  it('scopes every statement to the project and caches until data changes', async () => {
    const store = new FakeEventStore();
    const service = new QueryService({
      eventStore: store,
      timeoutMs: 1000,
      now: () => Date.parse('2024-01-05T00:00:00Z'),
    });
    const first = await service.run(project, trends, { refresh: false });
    expect(first.is_cached).toBe(false);
    expect(store.queries.length).toBeGreaterThan(0);
    for (const q of store.queries) expect(q.params?.team_id).toBe(7);
    const count = store.queries.length;
    expect((await service.run(project, trends, { refresh: false })).is_cached).toBe(true);
    expect(store.queries.length).toBe(count);
    service.noteDataChanged(8);
    expect((await service.run(project, trends, { refresh: false })).is_cached).toBe(true);
    service.noteDataChanged(7);
    expect((await service.run(project, trends, { refresh: false })).is_cached).toBe(false);
  });

  it('stops a query at its time limit with a clear 504', async () => {
    const service = new QueryService({ eventStore: new HangingStore(), timeoutMs: 30 });
    await expect(service.run(project, trends, { refresh: true })).rejects.toMatchObject({
      statusCode: 504,
      code: 'query_timeout',
    });
  });

  it('cancels a running query by its client id', async () => {
    const service = new QueryService({ eventStore: new HangingStore(), timeoutMs: 10_000 });
    const running = service.run(project, trends, { refresh: true, clientQueryId: 'abc' });
    await new Promise((r) => setTimeout(r, 10));
    expect(service.cancel(7, 'nope')).toBe(false);
    expect(service.cancel(8, 'abc')).toBe(false);
    expect(service.cancel(7, 'abc')).toBe(true);
    await expect(running).rejects.toMatchObject({ statusCode: 499, code: 'query_cancelled' });
  });
});
