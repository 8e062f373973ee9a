import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipLevels } from '../../src/features/organizations/membership-level';
import { ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Route by route: who may call what. No credentials → 401; another organization's object → 404;
 * a member where an admin is needed, or a personal API key without the scope or outside its scoped
 * projects → 403; the owner → success. Every error body says why.
 */
interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path for the owner's organization/project. */
  path: (t: Targets) => string;
  body?: unknown;
  scope: string;
  /** A scope that does not grant this route. */
  wrongScope: string;
  /** The route names an organization or project, so outsiders get a 404. */
  scoped?: 'project' | 'organization';
  adminOnly?: boolean;
  /** A write that plain members may make (analytics data rather than settings). */
  memberMay?: boolean;
  /** The route reads ingested data: each target project first gets SEED_EVENT_ID and group SEED_GROUP. */
  seed?: boolean;
  ok: number;
}

const SEED_EVENT_ID = '0190c000-0000-7000-8000-000000000001';
const SEED_GROUP = 'seed-co';

interface Targets {
  orgId: string;
  projectId: number;
  keyId: string;
  personId: string;
}

const routes: RouteCase[] = [
  {
    name: 'GET /api/users/@me/',
    method: 'GET',
    path: () => '/api/users/@me/',
    scope: 'user:read',
    wrongScope: 'project:read',
    ok: 200,
  },
  {
    name: 'PATCH /api/users/@me/',
    method: 'PATCH',
    path: () => '/api/users/@me/',
    body: { first_name: 'X' },
    scope: 'user:write',
    wrongScope: 'user:read',
    ok: 200,
  },
  {
    name: 'GET /api/organizations/',
    method: 'GET',
    path: () => '/api/organizations/',
    scope: 'organization:read',
    wrongScope: 'project:read',
    ok: 200,
  },
  {
    name: 'POST /api/organizations/',
    method: 'POST',
    path: () => '/api/organizations/',
    body: { name: 'New org' },
    scope: 'organization:write',
    wrongScope: 'organization:read',
    ok: 201,
  },
  {
    name: 'GET /api/organizations/:id/',
    method: 'GET',
    path: (t) => `/api/organizations/${t.orgId}/`,
    scope: 'organization:read',
    wrongScope: 'project:read',
    scoped: 'organization',
    ok: 200,
  },
  {
    name: 'PATCH /api/organizations/:id/',
    method: 'PATCH',
    path: (t) => `/api/organizations/${t.orgId}/`,
    body: { name: 'Renamed' },
    scope: 'organization:write',
    wrongScope: 'organization:read',
    scoped: 'organization',
    adminOnly: true,
    ok: 200,
  },
  {
    name: 'GET /api/projects/',
    method: 'GET',
    path: () => '/api/projects/',
    scope: 'project:read',
    wrongScope: 'user:read',
    ok: 200,
  },
  {
    name: 'POST /api/organizations/:id/projects/',
    method: 'POST',
    path: (t) => `/api/organizations/${t.orgId}/projects/`,
    body: { name: 'P' },
    scope: 'project:write',
    wrongScope: 'project:read',
    scoped: 'organization',
    adminOnly: true,
    ok: 201,
  },
  {
    name: 'POST /api/projects/',
    method: 'POST',
    path: () => '/api/projects/',
    body: { name: 'P' },
    scope: 'project:write',
    wrongScope: 'project:read',
    adminOnly: true,
    ok: 201,
  },
  {
    name: 'GET /api/projects/:id/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'PATCH /api/projects/:id/',
    method: 'PATCH',
    path: (t) => `/api/projects/${t.projectId}/`,
    body: { name: 'Renamed' },
    scope: 'project:write',
    wrongScope: 'project:read',
    scoped: 'project',
    adminOnly: true,
    ok: 200,
  },
  {
    name: 'DELETE /api/projects/:id/',
    method: 'DELETE',
    path: (t) => `/api/projects/${t.projectId}/`,
    scope: 'project:write',
    wrongScope: 'project:read',
    scoped: 'project',
    adminOnly: true,
    ok: 204,
  },
  {
    name: 'GET /api/users/@me/personal_api_keys/',
    method: 'GET',
    path: () => '/api/users/@me/personal_api_keys/',
    scope: 'personal_api_key:read',
    wrongScope: 'project:read',
    ok: 200,
  },
  {
    name: 'POST /api/users/@me/personal_api_keys/',
    method: 'POST',
    path: () => '/api/users/@me/personal_api_keys/',
    body: { label: 'k', scopes: ['project:read'] },
    scope: 'personal_api_key:write',
    wrongScope: 'personal_api_key:read',
    ok: 201,
  },
  {
    name: 'DELETE /api/users/@me/personal_api_keys/:id/',
    method: 'DELETE',
    path: (t) => `/api/users/@me/personal_api_keys/${t.keyId}/`,
    scope: 'personal_api_key:write',
    wrongScope: 'personal_api_key:read',
    ok: 204,
  },
  {
    name: 'GET /api/projects/:id/persons/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/persons/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'POST /api/projects/:id/persons/',
    method: 'POST',
    path: (t) => `/api/projects/${t.projectId}/persons/`,
    body: { distinct_ids: ['imported'] },
    scope: 'project:write',
    wrongScope: 'project:read',
    scoped: 'project',
    memberMay: true,
    ok: 201,
  },
  {
    name: 'GET /api/projects/:id/persons/:uuid/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/persons/${t.personId}/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'DELETE /api/projects/:id/persons/:uuid/',
    method: 'DELETE',
    path: (t) => `/api/projects/${t.projectId}/persons/${t.personId}/`,
    scope: 'project:write',
    wrongScope: 'project:read',
    scoped: 'project',
    memberMay: true,
    ok: 204,
  },
  {
    name: 'GET /api/projects/:id/events/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/events/?event=seeded`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/events/:uuid/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/events/${SEED_EVENT_ID}/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    seed: true,
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/groups_types/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/groups_types/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'PATCH /api/projects/:id/groups_types/update_metadata',
    method: 'PATCH',
    path: (t) => `/api/projects/${t.projectId}/groups_types/update_metadata`,
    body: [{ group_type_index: 0, name_singular: 'Organization' }],
    scope: 'project:write',
    wrongScope: 'project:read',
    scoped: 'project',
    adminOnly: true,
    seed: true,
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/groups/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/groups/?group_type_index=0`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/groups/find/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/groups/find/?group_type_index=0&group_key=${SEED_GROUP}`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    seed: true,
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/ingestion_warnings/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/ingestion_warnings/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/dead_letters/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/dead_letters/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/event_definitions/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/event_definitions/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/property_definitions/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/property_definitions/?type=person`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'POST /api/projects/:id/query/',
    method: 'POST',
    path: (t) => `/api/projects/${t.projectId}/query/`,
    body: { query: { kind: 'EventsQuery', select: ['count()'] } },
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 200,
  },
  {
    // Allowed callers learn only that no such query runs; the others never get that far.
    name: 'DELETE /api/projects/:id/query/:queryId/',
    method: 'DELETE',
    path: (t) => `/api/projects/${t.projectId}/query/not-running/`,
    scope: 'project:read',
    wrongScope: 'user:read',
    scoped: 'project',
    ok: 404,
  },
  {
    name: 'GET /api/organizations/@current/',
    method: 'GET',
    path: () => '/api/organizations/@current/',
    scope: 'organization:read',
    wrongScope: 'project:read',
    ok: 200,
  },
  {
    name: 'GET /api/projects/@current/',
    method: 'GET',
    path: () => '/api/projects/@current/',
    scope: 'project:read',
    wrongScope: 'user:read',
    ok: 200,
  },
  {
    name: 'PATCH /api/projects/@current/',
    method: 'PATCH',
    path: () => '/api/projects/@current/',
    body: { timezone: 'Europe/Paris' },
    scope: 'project:write',
    wrongScope: 'project:read',
    ok: 200,
  },
  {
    name: 'GET /api/projects/:id/actions/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/actions/`,
    scope: 'action:read',
    wrongScope: 'cohort:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'POST /api/projects/:id/actions/',
    method: 'POST',
    path: (t) => `/api/projects/${t.projectId}/actions/`,
    body: { name: 'Signed up', steps: [{ event: 'signed up' }] },
    scope: 'action:write',
    wrongScope: 'action:read',
    scoped: 'project',
    memberMay: true,
    ok: 201,
  },
  {
    name: 'GET /api/projects/:id/cohorts/',
    method: 'GET',
    path: (t) => `/api/projects/${t.projectId}/cohorts/`,
    scope: 'cohort:read',
    wrongScope: 'action:read',
    scoped: 'project',
    ok: 200,
  },
  {
    name: 'POST /api/projects/:id/cohorts/',
    method: 'POST',
    path: (t) => `/api/projects/${t.projectId}/cohorts/`,
    body: { name: 'Static', is_static: true, person_ids: [] },
    scope: 'cohort:write',
    wrongScope: 'cohort:read',
    scoped: 'project',
    memberMay: true,
    ok: 201,
  },
];

describe('access rules, route by route', () => {
  let server: TestServer;
  let owner: ApiClient;
  let member: ApiClient;
  let outsider: ApiClient;
  let orgId: string;

  /** Fresh objects per check, so that destructive routes never affect other checks. */
  const targets = async (): Promise<Targets> => {
    const project = await owner.post<{ id: number }>(`/api/organizations/${orgId}/projects/`, {
      name: 'Target',
    });
    const key = await owner.post<{ id: string }>('/api/users/@me/personal_api_keys/', {
      label: 'victim',
      scopes: ['*'],
    });
    const person = await owner.post<{ id: string }>(`/api/projects/${project.body.id}/persons/`, {
      distinct_ids: ['target-person'],
    });
    return { orgId, projectId: project.body.id, keyId: key.body.id, personId: person.body.id };
  };

  /** Targets whose project holds an ingested event and group, for routes that read them. */
  const seededTargets = async (): Promise<Targets> => {
    const t = await targets();
    const project = await owner.get<{ api_token: string }>(`/api/projects/${t.projectId}/`);
    const res = await fetch(`${server.url}/batch/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        api_key: project.body.api_token,
        batch: [
          { uuid: SEED_EVENT_ID, event: 'seeded', distinct_id: 'seeder' },
          {
            event: '$groupidentify',
            distinct_id: 'seeder',
            properties: { $group_type: 'organization', $group_key: SEED_GROUP },
          },
        ],
      }),
    });
    expect(res.status).toBe(200);
    await server.container.ingestion.drained();
    return t;
  };

  beforeAll(async () => {
    server = await startTestServer();
    owner = new ApiClient(server.url);
    const account = await owner.signup('owner@example.com');
    orgId = account.organization.id;
    member = new ApiClient(server.url);
    const memberAccount = await member.signup('member@example.com');
    await server.container.organizations.addMember(orgId, memberAccount.id, MembershipLevels.member);
    await member.patch('/api/users/@me/', { set_current_organization: orgId });
    outsider = new ApiClient(server.url);
    await outsider.signup('outsider@example.com');
  });
  afterAll(async () => {
    await server?.destroy();
  });

  for (const route of routes) {
    describe(route.name, () => {
      const fresh = route.seed ? seededTargets : targets;
      it('answers 401 without credentials', async () => {
        const t = await fresh();
        const res = await new ApiClient(server.url).request(route.method, route.path(t), route.body);
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ type: 'authentication_error', code: 'not_authenticated' });
      });

      it(`answers ${route.ok} to the owner, by session and by a key with the scope`, async () => {
        expect((await owner.request(route.method, route.path(await fresh()), route.body)).status).toBe(
          route.ok,
        );
        const key = await owner.createKey([route.scope]);
        expect(
          (await owner.withBearer(key).request(route.method, route.path(await fresh()), route.body)).status,
        ).toBe(route.ok);
      });

      it('answers 403 to a personal API key without the scope', async () => {
        const key = await owner.createKey([route.wrongScope]);
        const res = await owner.withBearer(key).request(route.method, route.path(await fresh()), route.body);
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ code: 'permission_denied' });
        expect(String(res.body.detail)).toContain(route.scope);
      });

      if (route.scoped) {
        it('answers 404 to a user of another organization, as if it did not exist', async () => {
          const res = await outsider.request(route.method, route.path(await fresh()), route.body);
          expect(res.status).toBe(404);
          expect(res.body).toMatchObject({ type: 'invalid_request', code: 'not_found' });
        });
      }

      if (route.scoped === 'project') {
        it('answers 403 to a key scoped to a different project', async () => {
          const other = await fresh();
          const key = await owner.createKey([route.scope], { scoped_teams: [other.projectId] });
          const res = await owner
            .withBearer(key)
            .request(route.method, route.path(await fresh()), route.body);
          expect(res.status).toBe(403);
          expect(String(res.body.detail)).toMatch(/not allowed to access this project/);
        });
      }

      if (route.adminOnly) {
        it('answers 403 to a plain member', async () => {
          const res = await member.request(route.method, route.path(await fresh()), route.body);
          expect(res.status).toBe(403);
          expect(String(res.body.detail)).toMatch(/admin/);
        });
      } else if (route.scoped) {
        it('lets a plain member do it', async () => {
          expect((await member.request(route.method, route.path(await fresh()), route.body)).status).toBe(
            route.ok,
          );
        });
      }
    });
  }

  it('never lists another organization’s projects', async () => {
    const theirs = await outsider.get<{ results: { organization: string }[] }>('/api/projects/');
    expect(theirs.body.results.some((p) => p.organization === orgId)).toBe(false);
  });

  it('shows the project secret to admins only', async () => {
    const t = await targets();
    expect((await owner.get(`/api/projects/${t.projectId}/`)).body.secret_api_token).toMatch(/^phs_/);
    expect((await member.get(`/api/projects/${t.projectId}/`)).body.secret_api_token).toBeUndefined();
  });
});
