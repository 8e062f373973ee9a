import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { postgresAvailable } from '../support/postgres-database';
import { type AppStoreKind, startTestServer, type TestServer } from '../support/test-server';

const stores: AppStoreKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

interface ActionBody {
  id: number;
  name: string;
  deleted: boolean;
  steps: Record<string, unknown>[];
  [key: string]: unknown;
}
interface ActionPage {
  count: number;
  next: string | null;
  previous: string | null;
  results: ActionBody[];
}
interface ErrorBody {
  type: string;
  attr: string | null;
  detail: string;
}

describe.each(stores)('actions API on %s', (appStore) => {
  let server: TestServer;
  let web: ApiClient;
  let outsider: ApiClient;
  let projectId: number;
  let outsiderProjectId: number;
  let userId: number;

  beforeAll(async () => {
    server = await startTestServer({ appStore });
    web = new ApiClient(server.url);
    const account = await web.signup('actions@example.com');
    projectId = account.team.id;
    userId = account.id;
    outsider = new ApiClient(server.url);
    outsiderProjectId = (await outsider.signup('other-actions@example.com')).team.id;
  });
  afterAll(async () => {
    await server?.destroy();
  });

  const base = (id = projectId) => `/api/projects/${id}/actions/`;

  it('creates an action and shows it as PostHog does, keeping only step fields', async () => {
    const res = await web.post<ActionBody>(base(), {
      name: '  Clicked buy  ',
      description: 'The checkout button',
      tags: ['checkout', 'checkout', 'funnel'],
      post_to_slack: true,
      id: 999,
      steps: [
        {
          event: '$autocapture',
          selector: 'form > button.cta',
          text: 'Buy',
          text_matching: 'contains',
          isNew: 'x',
          selector_regex: 'ignored',
        },
        { event: '$pageview', url: '/checkout', url_matching: 'contains' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Clicked buy',
      description: 'The checkout button',
      tags: ['checkout', 'funnel'],
      post_to_slack: false,
      slack_message_format: '',
      deleted: false,
      is_calculating: false,
      team_id: projectId,
      is_action: true,
      bytecode_error: null,
      pinned_at: null,
      created_by: { id: userId, email: 'actions@example.com', first_name: '' },
    });
    expect(res.body.id).not.toBe(999);
    expect(res.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(res.body.last_calculated_at).toBe(res.body.created_at);
    expect(res.body.steps).toEqual([
      {
        event: '$autocapture',
        properties: null,
        selector: 'form > button.cta',
        selector_regex: expect.stringMatching(/^\(\?:\^\|;\)button/),
        tag_name: null,
        text: 'Buy',
        text_matching: 'contains',
        href: null,
        href_matching: null,
        url: null,
        url_matching: null,
      },
      {
        event: '$pageview',
        properties: null,
        selector: null,
        selector_regex: null,
        tag_name: null,
        text: null,
        text_matching: null,
        href: null,
        href_matching: null,
        url: '/checkout',
        url_matching: 'contains',
      },
    ]);
    const fetched = await web.get<ActionBody>(`${base()}${res.body.id}/`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(res.body);
  });

  it('refuses bad input with a 400 naming the field, and saves nothing', async () => {
    const before = (await web.get<ActionPage>(base())).body.count;
    const step = { event: 'purchase' };
    const cases: [unknown, string | null, RegExp][] = [
      [{ steps: [step] }, 'name', /name/],
      [{ name: '   ', steps: [step] }, 'name', /must not be empty/],
      [{ name: 'x'.repeat(401), steps: [step] }, 'name', /400/],
      [{ name: 'No steps', steps: [] }, 'steps', /at least one step/],
      [{ name: 'No steps' }, 'steps', /steps/],
      [{ name: 'Empty step', steps: [step, {}] }, 'steps__1', /at least one condition/],
      [
        { name: 'Empty strings', steps: [{ event: '', url: '', properties: [] }] },
        'steps__0',
        /at least one/,
      ],
      [
        { name: 'Not autocapture', steps: [{ selector: 'button' }] },
        'steps__0',
        /apply only to steps whose event is "\$autocapture"/,
      ],
      [
        { name: 'Bad matching', steps: [{ url: 'x', url_matching: 'startswith' }] },
        'steps__0__url_matching',
        /./,
      ],
      [
        { name: 'Bad selector', steps: [step, { event: '$autocapture', selector: 'a:hover' }] },
        'steps__1__selector',
        /pseudo-class ":hover"/,
      ],
      [
        { name: 'Sibling', steps: [{ event: '$autocapture', selector: 'label + input' }] },
        'steps__0__selector',
        /sibling combinator/,
      ],
      [
        { name: 'Bad url regex', steps: [{ url: '(unclosed', url_matching: 'regex' }] },
        'steps__0__url',
        /RE2/,
      ],
      [
        { name: 'Lookahead', steps: [{ event: '$autocapture', href: '^(?=x)', href_matching: 'regex' }] },
        'steps__0__href',
        /RE2/,
      ],
      [
        { name: 'Bad text regex', steps: [{ event: '$autocapture', text: '[a-', text_matching: 'regex' }] },
        'steps__0__text',
        /RE2/,
      ],
      [
        {
          name: 'Bad filter regex',
          steps: [{ event: 'x', properties: [{ key: 'a', value: ['ok', '*bad'], operator: 'regex' }] }],
        },
        'steps__0__properties__0__value__1',
        /RE2/,
      ],
      [
        {
          name: 'Bad filter',
          steps: [{ event: 'x', properties: [{ key: 'a', value: 'x', operator: 'gt' }] }],
        },
        'steps__0__properties',
        /number/,
      ],
      [
        {
          name: 'Unsupported filter',
          steps: [{ event: 'x', properties: [{ key: 'a', value: 'x', type: 'hogql' }] }],
        },
        'steps__0__properties',
        /not supported/,
      ],
      ['not json', null, /JSON/],
    ];
    for (const [body, attr, detail] of cases) {
      const res = await web.request<ErrorBody>(
        'POST',
        base(),
        body,
        typeof body === 'string' ? { 'content-type': 'application/json' } : {},
      );
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.attr, JSON.stringify(res.body)).toBe(attr);
      expect(res.body.detail, JSON.stringify(body)).toMatch(detail);
    }
    expect((await web.get<ActionPage>(base())).body.count).toBe(before);
  });

  it('keeps names unique among the project’s live actions', async () => {
    const first = await web.post<ActionBody>(base(), { name: 'Signed up', steps: [{ event: 'signup' }] });
    expect(first.status).toBe(201);
    const again = await web.post<ErrorBody>(base(), { name: 'Signed up', steps: [{ event: 'other' }] });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ attr: 'name', type: 'validation_error' });
    expect(again.body.detail).toBe(`This project already has an action with this name, ID ${first.body.id}`);
    // The same name in another project is fine.
    expect(
      (await outsider.post(base(outsiderProjectId), { name: 'Signed up', steps: [{ event: 'x' }] })).status,
    ).toBe(201);
    const other = await web.post<ActionBody>(base(), { name: 'Signed up 2', steps: [{ event: 'signup' }] });
    const rename = await web.patch<ErrorBody>(`${base()}${other.body.id}/`, { name: 'Signed up' });
    expect(rename.status).toBe(400);
    expect(rename.body.attr).toBe('name');
    // Renaming to its own name is no clash.
    expect((await web.patch(`${base()}${first.body.id}/`, { name: 'Signed up' })).status).toBe(200);
  });

  it('updates with PATCH, replacing steps when given and leaving the rest', async () => {
    const created = await web.post<ActionBody>(base(), {
      name: 'Viewed pricing',
      tags: ['a'],
      steps: [{ event: '$pageview', url: '/pricing' }],
    });
    const id = created.body.id;
    const patched = await web.patch<ActionBody>(`${base()}${id}/`, {
      description: 'now with a button',
      steps: [
        { event: '$pageview', url: '^https://x\\.io/pricing$', url_matching: 'regex' },
        { event: '$autocapture', selector: '#pricing', href: '/pricing' },
      ],
      is_calculating: true,
      created_by: null,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      name: 'Viewed pricing',
      tags: ['a'],
      description: 'now with a button',
    });
    expect(patched.body.steps.map((s) => s.url ?? s.selector)).toEqual([
      '^https://x\\.io/pricing$',
      '#pricing',
    ]);
    expect(patched.body.created_by).toMatchObject({ id: userId });
    const bad = await web.patch<ErrorBody>(`${base()}${id}/`, { steps: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.attr).toBe('steps');
    expect((await web.get<ActionBody>(`${base()}${id}/`)).body.steps).toHaveLength(2);
  });

  it('soft-deletes with PATCH {deleted: true} and with DELETE', async () => {
    const a = await web.post<ActionBody>(base(), { name: 'To delete', steps: [{ event: 'x' }] });
    const b = await web.post<ActionBody>(base(), { name: 'To delete too', steps: [{ event: 'y' }] });
    const patched = await web.patch<ActionBody>(`${base()}${a.body.id}/`, { deleted: true });
    expect(patched.status).toBe(200);
    expect(patched.body.deleted).toBe(true);
    const removed = await web.delete(`${base()}${b.body.id}/`);
    expect(removed.status).toBe(204);
    const names = (await web.get<ActionPage>(`${base()}?limit=1000`)).body.results.map((r) => r.name);
    expect(names).not.toContain('To delete');
    expect(names).not.toContain('To delete too');
    // Still readable by id, marked deleted; left out of what queries see.
    expect((await web.get<ActionBody>(`${base()}${b.body.id}/`)).body.deleted).toBe(true);
    const forQueries = await server.container.actions.listForQueries(projectId);
    expect(forQueries.map((d) => d.id)).not.toContain(a.body.id);
    expect(forQueries.find((d) => d.name === 'Signed up')).toEqual({
      id: expect.any(Number),
      name: 'Signed up',
      steps: [{ event: 'signup' }],
    });
    // The name is free again; restoring the deleted one would now clash.
    expect((await web.post(base(), { name: 'To delete', steps: [{ event: 'z' }] })).status).toBe(201);
    const restore = await web.patch<ErrorBody>(`${base()}${a.body.id}/`, { deleted: false });
    expect(restore.status).toBe(400);
    expect(restore.body.attr).toBe('name');
    const restored = await web.patch<ActionBody>(`${base()}${b.body.id}/`, { deleted: false });
    expect(restored.body.deleted).toBe(false);
  });

  it('pages the list by name with PostHog’s envelope', async () => {
    for (const name of ['Zeta page', 'Alpha page', 'Mu page']) {
      expect((await web.post(base(), { name, steps: [{ event: name }] })).status).toBe(201);
    }
    const all = await web.get<ActionPage>(`${base()}?limit=1000`);
    const names = all.body.results.map((r) => r.name);
    expect(names).toEqual([...names].sort());
    expect(all.body.count).toBe(names.length);
    const first = await web.get<ActionPage>(`${base()}?limit=2`);
    expect(first.body.results.map((r) => r.name)).toEqual(names.slice(0, 2));
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(`${server.url}${base()}?limit=2&offset=2`);
    const second = await web.get<ActionPage>(
      new URL(first.body.next as string).pathname + new URL(first.body.next as string).search,
    );
    expect(second.body.results.map((r) => r.name)).toEqual(names.slice(2, 4));
    expect(second.body.previous).toBe(`${server.url}${base()}?limit=2&offset=0`);
    expect((await web.get<ErrorBody>(`${base()}?limit=0`)).status).toBe(400);
  });

  it('answers 404 for another project’s action, an unknown id or project, and 401 without credentials', async () => {
    const theirs = await outsider.post<ActionBody>(base(outsiderProjectId), {
      name: 'Theirs',
      steps: [{ event: 'x' }],
    });
    const path = `${base(outsiderProjectId)}${theirs.body.id}/`;
    // Through our project's path, their action does not exist; their project is not ours to see.
    for (const p of [`${base()}${theirs.body.id}/`, path]) {
      expect((await web.get(p)).status).toBe(404);
      expect((await web.patch(p, { name: 'Mine now' })).status).toBe(404);
      expect((await web.delete(p)).status).toBe(404);
    }
    expect((await web.get(base(outsiderProjectId))).status).toBe(404);
    expect((await web.post(base(outsiderProjectId), { name: 'x', steps: [{ event: 'x' }] })).status).toBe(
      404,
    );
    expect((await web.get(`${base()}999999/`)).status).toBe(404);
    expect((await web.get(`${base()}abc/`)).status).toBe(404);
    expect((await web.get(`${base()}0/`)).status).toBe(404);
    expect((await outsider.get<ActionBody>(path)).body).toMatchObject({ name: 'Theirs', deleted: false });
    expect((await new ApiClient(server.url).get(base())).status).toBe(401);
  });

  it('asks personal API keys for the action scopes', async () => {
    const reader = web.withBearer(await web.createKey(['action:read']));
    expect((await reader.get(base())).status).toBe(200);
    expect((await reader.get('/api/projects/@current/actions/')).status).toBe(200);
    const denied = await reader.post<ErrorBody>(base(), { name: 'By key', steps: [{ event: 'k' }] });
    expect(denied.status).toBe(403);
    expect(denied.body.detail).toMatch(/action:write/);
    const writer = web.withBearer(await web.createKey(['action:write']));
    const created = await writer.post<ActionBody>(base(), { name: 'By key', steps: [{ event: 'k' }] });
    expect(created.status).toBe(201);
    expect((await writer.delete(`${base()}${created.body.id}/`)).status).toBe(204);
    const projectOnly = web.withBearer(await web.createKey(['project:read']));
    expect((await projectOnly.get(base())).status).toBe(403);
  });
});
