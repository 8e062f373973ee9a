import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppStore } from '../../app-store/app-store';
import { createAppStore } from '../../app-store/create-app-store';
import { migrateAppStore } from '../../app-store/migrate-app-store';
import { GroupRepository } from '../../groups/group-repository';
import type { PipelineEvent } from '../../ingestion/pipeline-event';
import { ProjectRepository } from '../projects/project-repository';
import { DefinitionRepository } from './definition-repository';
import { DefinitionsRecorder } from './definitions-recorder';

const T0 = Date.parse('2024-05-01T12:00:00.000Z');

describe('DefinitionsRecorder', () => {
  let store: AppStore;
  let repository: DefinitionRepository;
  let recorder: DefinitionsRecorder;
  let teamId: number;

  const event = (name: string, properties: Record<string, unknown>, receivedAt = T0): PipelineEvent => ({
    teamId,
    uuid: 'u',
    event: name,
    distinctId: 'd',
    properties,
    timestamp: receivedAt,
    receivedAt,
    processPerson: true,
    request: { ip: null, sentAt: null, historical: false, receivedAt, userAgent: null },
    raw: { uuid: 'u', event: name, distinct_id: 'd', properties, timestamp: null, offset: null },
  });

  const properties = async (type: 'event' | 'person' | 'group', extra = {}) =>
    (
      await repository.listPropertyDefinitions(teamId, {
        type,
        excluded: [],
        limit: 100,
        offset: 0,
        ...extra,
      })
    ).results;

  beforeEach(async () => {
    store = createAppStore({ kind: 'sqlite', path: ':memory:' });
    await migrateAppStore(store);
    const now = new Date(T0).toISOString();
    await store.db
      .insertInto('organizations')
      .values({ id: 'org', name: 'o', created_at: now, updated_at: now })
      .execute();
    teamId = (await new ProjectRepository(store.db).create('org', { name: 'p' })).id;
    repository = new DefinitionRepository(store.db);
    recorder = new DefinitionsRecorder(repository);
  });
  afterEach(async () => {
    await store.close();
  });

  it('records event names, typed event and person properties, and which properties each event had', async () => {
    await recorder.record([
      event('$pageview', {
        $current_url: 'https://x',
        price: 3,
        $set: { plan: 'pro' },
        $set_once: { first: true },
      }),
      event('purchase', { price: 9.5, paid_at: '2024-04-30T10:00:00Z', $groups: { company: 'acme' } }),
    ]);
    const events = await repository.listEventDefinitions(teamId, { ordering: [], limit: 100, offset: 0 });
    expect(events.results.map((e) => e.name)).toEqual(['$pageview', 'purchase']);
    expect(events.results[0]).toMatchObject({
      created_at: '2024-05-01T12:00:00.000Z',
      last_seen_at: '2024-05-01T12:00:00.000Z',
    });

    expect((await properties('event')).map((p) => [p.name, p.property_type, p.is_numerical])).toEqual([
      ['$current_url', 'String', false],
      ['paid_at', 'DateTime', false],
      ['price', 'Numeric', true],
    ]);
    expect((await properties('person')).map((p) => [p.name, p.property_type])).toEqual([
      ['first', 'Boolean'],
      ['plan', 'String'],
    ]);
    const seenOnPurchase = await properties('event', { eventNames: ['purchase'] });
    expect(seenOnPurchase.map((p) => [p.name, p.is_seen_on_filtered_events])).toEqual([
      ['paid_at', true],
      ['price', true],
      ['$current_url', false],
    ]);
    const onlyPageview = await properties('event', { eventNames: ['$pageview'], filterByEventNames: true });
    expect(onlyPageview.map((p) => p.name)).toEqual(['$current_url', 'price']);
  });

  it('records group properties of $groupidentify under the group type index', async () => {
    await new GroupRepository(store.db).addGroupType(teamId, 'company');
    await recorder.record([
      event('$groupidentify', { $group_type: 'company', $group_key: 'acme', $group_set: { seats: 10 } }),
    ]);
    expect((await properties('group', { groupTypeIndex: 0 })).map((p) => [p.name, p.property_type])).toEqual([
      ['seats', 'Numeric'],
    ]);
    expect(await properties('event')).toEqual([]);
  });

  it('writes once per batch and nothing for shapes it already wrote; last_seen_at moves hourly', async () => {
    const write = vi.spyOn(repository, 'write');
    await recorder.record([event('a', { x: 1 }), event('a', { x: 2, y: 'z' })]);
    expect(write).toHaveBeenCalledTimes(1);
    write.mockClear();
    await recorder.record([event('a', { x: 5, y: 'q' }, T0 + 60_000)]);
    expect(write.mock.calls[0]?.[0]).toEqual({ events: [], properties: [], eventProperties: [] });
    await recorder.record([event('a', { x: 5 }, T0 + 3_600_000)]);
    const events = await repository.listEventDefinitions(teamId, { ordering: [], limit: 100, offset: 0 });
    expect(events.results[0]).toMatchObject({
      name: 'a',
      created_at: '2024-05-01T12:00:00.000Z',
      last_seen_at: '2024-05-01T13:00:00.000Z',
    });
  });

  it('keeps the first detected type, fills in one that was unknown, and survives replays', async () => {
    await recorder.record([event('a', { n: null, k: 1 })]);
    expect((await properties('event')).map((p) => [p.name, p.property_type])).toEqual([
      ['k', 'Numeric'],
      ['n', null],
    ]);
    await recorder.record([event('a', { n: 'text', k: 'now a string' })]);
    // A fresh recorder (a restart) replays the same batch: same rows, no errors.
    await new DefinitionsRecorder(repository).record([event('a', { n: 'text', k: 'now a string' })]);
    expect((await properties('event')).map((p) => [p.name, p.property_type])).toEqual([
      ['k', 'Numeric'],
      ['n', 'String'],
    ]);
  });

  it('types a property of a known event shape once a later event brings a typed value', async () => {
    const write = vi.spyOn(repository, 'write');
    const shaped = (n: unknown, plan: unknown, seats: unknown) => [
      event('a', { n, $set: { plan } }),
      event('$groupidentify', { $group_type: 'company', $group_key: 'acme', $group_set: { seats } }),
    ];
    await new GroupRepository(store.db).addGroupType(teamId, 'company');
    await recorder.record(shaped(null, null, [1]));
    // The same shapes with still untyped values: nothing to write.
    await recorder.record(shaped({ x: 1 }, null, null));
    expect(write.mock.calls[1]?.[0]).toEqual({ events: [], properties: [], eventProperties: [] });
    await recorder.record(shaped(3, 'pro', 'many'));
    expect((await properties('event')).map((p) => [p.name, p.property_type])).toEqual([['n', 'Numeric']]);
    expect((await properties('person')).map((p) => [p.name, p.property_type])).toEqual([['plan', 'String']]);
    expect((await properties('group', { groupTypeIndex: 0 })).map((p) => [p.name, p.property_type])).toEqual([
      ['seats', 'String'],
    ]);
    // Now fully typed: the shapes are known and cost nothing.
    await recorder.record(shaped(4, 'free', 'few'));
    expect(write.mock.calls[3]?.[0]).toEqual({ events: [], properties: [], eventProperties: [] });
  });

  it('searches names term by term, case-insensitively, treating wildcards literally', async () => {
    await recorder.record([event('Checkout Started', { 'a%b': 1, plan_name: 'x', plan: 'y' })]);
    await recorder.record([event('checkout completed', {})]);
    const search = async (s: string) =>
      (
        await repository.listEventDefinitions(teamId, { search: s, ordering: [], limit: 100, offset: 0 })
      ).results.map((e) => e.name);
    expect(await search('CHECKOUT')).toEqual(['Checkout Started', 'checkout completed']);
    expect(await search('check start')).toEqual(['Checkout Started']);
    expect((await properties('event', { search: '%' })).map((p) => p.name)).toEqual(['a%b']);
    expect((await properties('event', { search: 'plan _' })).map((p) => p.name)).toEqual(['plan_name']);
  });
});
