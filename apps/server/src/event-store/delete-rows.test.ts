import { describe, expect, it } from 'vitest';
import { deleteEventStoreRows } from './delete-rows';
import { FakeEventStore } from './fake-event-store';

describe('deleteEventStoreRows', () => {
  it('mutates the table itself on a single node', async () => {
    const store = new FakeEventStore();
    await deleteEventStoreRows(store, 'events', 'team_id = {team:Int64}', { team: 3 });
    expect(store.commands).toEqual([
      {
        sql: 'ALTER TABLE `hedgerow_fake`.`events` DELETE WHERE team_id = {team:Int64}',
        params: { team: 3 },
      },
    ]);
  });

  it('on a cluster, mutates the local shards behind a Distributed table, and replicated tables whole', async () => {
    const store = new FakeEventStore('analytics');
    await deleteEventStoreRows(store, 'events', 'team_id = {team:Int64}', { team: 3 });
    await deleteEventStoreRows(store, 'persons', 'team_id = {team:Int64}', { team: 3 });
    expect(store.commands.map((c) => c.sql)).toEqual([
      'ALTER TABLE `hedgerow_fake`.`events_local` ON CLUSTER `analytics` DELETE WHERE team_id = {team:Int64}',
      'ALTER TABLE `hedgerow_fake`.`persons` ON CLUSTER `analytics` DELETE WHERE team_id = {team:Int64}',
    ]);
  });
});
