import { PostHog } from 'posthog-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { eventsWithPersons } from '../support/person-view';
import { startTestServer, type TestServer } from '../support/test-server';

describe('the real posthog-node client', () => {
  let server: TestServer;
  let token: string;
  let teamId: number;
  beforeAll(async () => {
    server = await startTestServer();
    const account = await new ApiClient(server.url).signup('node-sdk@example.com');
    token = account.team.api_token;
    teamId = account.team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('captures, identifies, aliases and groups, and the query layer sees one person', async () => {
    const client = new PostHog(token, { host: server.url, flushAt: 3, flushInterval: 50 });
    client.capture({ distinctId: 'anon-device', event: 'viewed pricing', properties: { plan: 'team' } });
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

    const groups = await server.container.groupRepository.load(teamId, [{ index: 0, key: 'acme' }]);
    expect(groups[0]?.state.name?.w?.[2]).toBe('Acme Inc');
    const types = await server.container.groupRepository.groupTypes(teamId);
    expect(types).toEqual([{ groupType: 'company', index: 0 }]);
  });
});
