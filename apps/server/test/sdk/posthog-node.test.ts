import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { eventsWithPersons } from '../support/person-view';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the real posthog-node client', () => {
  let server: TestServer;
  let token: string;
  let teamId: number;
  let api: ApiClient;
  beforeAll(async () => {
    server = await startTestServer();
    api = new ApiClient(server.url);
    const account = await api.signup('node-sdk@example.com');
    token = account.team.api_token;
    teamId = account.team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('captures, identifies, aliases and groups, and the query layer sees one person', async () => {
    const client = new PostHog(token, { host: server.url, flushAt: 100, flushInterval: 60_000 });
    client.capture({ distinctId: 'anon-device', event: 'viewed pricing', properties: { plan: 'team' } });
    // An explicit flush sends what is queued, without waiting for flushAt or the interval.
    await client.flush();
    await server.container.ingestion.drained();
    const early = await api.get<{ results: { event: string; distinct_id: string }[] }>(
      `/api/projects/${teamId}/events/?event=viewed%20pricing`,
    );
    expect(early.body.results.map((e) => [e.event, e.distinct_id])).toEqual([
      ['viewed pricing', 'anon-device'],
    ]);
    client.identify({
      distinctId: 'user-42',
      properties: { $anon_distinct_id: 'anon-device', email: 'u42@example.com' },
    });
    client.alias({ distinctId: 'user-42', alias: 'crm-42' });
    client.groupIdentify({ groupType: 'company', groupKey: 'acme', properties: { name: 'Acme Inc' } });
    client.capture({
      distinctId: 'crm-42',
      event: 'paid invoice',
      groups: { company: 'acme' },
      properties: { amount: 99 },
    });
    client.capture({
      distinctId: 'user-42',
      event: 'set plan',
      properties: { $set: { plan: 'pro' }, $set_once: { first_plan: 'team' } },
    });
    await client.shutdown();

    await server.container.ingestion.drained();
    const rows = await eventsWithPersons(server.container.eventStore, teamId);
    const byEvent = new Map(rows.map((r) => [r.event, r]));
    expect([...byEvent.keys()].sort()).toEqual(
      ['$create_alias', '$groupidentify', '$identify', 'paid invoice', 'set plan', 'viewed pricing'].sort(),
    );
    const user = byEvent.get('viewed pricing');
    for (const e of ['$identify', 'paid invoice', 'set plan'])
      expect(byEvent.get(e)?.person_id, e).toBe(user?.person_id);
    expect(user?.person_properties).toMatchObject({
      email: 'u42@example.com',
      plan: 'pro',
      first_plan: 'team',
    });
    expect(byEvent.get('paid invoice')?.group_0).toBe('acme');

    // What the query API and the persons API answer, as PostHog clients would read them.
    const seen = await api.post<{ results: unknown[][] }>(`/api/projects/${teamId}/query/`, {
      query: {
        kind: 'EventsQuery',
        select: ['event', 'distinct_id', 'person_id', 'person.properties.email', 'properties.$lib'],
        after: '-1d',
        orderBy: ['timestamp ASC'],
      },
    });
    expect(seen.status).toBe(200);
    const personIds = new Set(seen.body.results.filter((r) => r[0] !== '$groupidentify').map((r) => r[2]));
    expect(personIds.size).toBe(1);
    for (const r of seen.body.results.filter((r) => r[0] !== '$groupidentify')) {
      expect(r[3], String(r[0])).toBe('u42@example.com');
      expect(r[4], String(r[0])).toBe('posthog-node');
    }
    const person = await api.get<{
      results: { id: string; distinct_ids: string[]; properties: Record<string, unknown> }[];
    }>(`/api/projects/${teamId}/persons/?distinct_id=crm-42`);
    expect(person.body.results).toHaveLength(1);
    expect(person.body.results[0]?.id).toBe([...personIds][0]);
    expect([...(person.body.results[0]?.distinct_ids ?? [])].sort()).toEqual([
      'anon-device',
      'crm-42',
      'user-42',
    ]);
    expect(person.body.results[0]?.properties).toMatchObject({
      email: 'u42@example.com',
      plan: 'pro',
      first_plan: 'team',
    });
    const dau = await api.post<{ results: { aggregated_value: number }[] }>(
      `/api/projects/${teamId}/query/`,
      {
        query: {
          kind: 'TrendsQuery',
          series: [{ kind: 'EventsNode', event: null, math: 'dau' }],
          dateRange: { date_from: '-1d' },
          trendsFilter: { display: 'BoldNumber' },
        },
      },
    );
    expect(dau.status).toBe(200);
    // The user, and the distinct id posthog-node sends the $groupidentify under ($company_acme).
    expect(dau.body.results[0]?.aggregated_value).toBe(2);

    const groups = await server.container.groupRepository.load(teamId, [{ index: 0, key: 'acme' }]);
    expect(groups[0]?.state.name?.w?.[2]).toBe('Acme Inc');
    const types = await server.container.groupRepository.groupTypes(teamId);
    expect(types).toEqual([{ groupType: 'company', index: 0 }]);
  });
});
