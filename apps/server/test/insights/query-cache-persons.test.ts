import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/** Cached insight answers go stale when the persons API changes the project's persons. */
describe('query cache and person API writes', () => {
  let server: TestServer;
  let web: ApiClient;
  let projectId: number;
  beforeAll(async () => {
    server = await startTestServer();
    web = new ApiClient(server.url);
    projectId = (await web.signup('cache-persons@example.com')).team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const actors = () =>
    web.post<{ is_cached: boolean; results: unknown[] }>(`/api/projects/${projectId}/query/`, {
      query: { kind: 'ActorsQuery' },
    });

  it('recomputes after a person is imported and after one is deleted', async () => {
    expect((await actors()).body.results).toHaveLength(0);
    expect((await actors()).body.is_cached).toBe(true);
    const created = await web.post<{ id: string }>(`/api/projects/${projectId}/persons/`, {
      distinct_ids: ['imported-1'],
      properties: { email: 'i@x.io' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const after = await actors();
    expect(after.body.is_cached).toBe(false);
    expect(after.body.results).toHaveLength(1);
    const deleted = await web.delete(`/api/projects/${projectId}/persons/${created.body.id}/`);
    expect(deleted.status).toBeLessThan(300);
    const gone = await actors();
    expect(gone.body.is_cached).toBe(false);
    expect(gone.body.results).toHaveLength(0);
  });
});
