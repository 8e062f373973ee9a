import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { postgresAvailable } from '../support/postgres-database';
import { type AppStoreKind, startTestServer, type TestServer } from '../support/test-server';

const stores: AppStoreKind[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(stores)('sign-up, login, sessions and CSRF on %s', (appStore) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ appStore });
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('signs up the first user with an organization, a project and a secure session cookie', async () => {
    const web = new ApiClient(server.url);
    expect((await web.get('/api/signup/')).body).toEqual({ first_user: true });
    const res = await web.request('POST', '/api/signup/', {
      email: '  Ada@Example.com ',
      password: 'analytical-engine',
      first_name: 'Ada',
      organization_name: 'Engines',
    });
    expect(res.status).toBe(201);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('hedgerow_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(cookies.find((c) => c.startsWith('csrftoken='))).not.toMatch(/HttpOnly/i);

    const me = await web.get<{
      email: string;
      first_name: string;
      organization: { name: string; membership_level: number };
      team: { api_token: string; name: string };
      organizations: unknown[];
    }>('/api/users/@me/');
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('ada@example.com');
    expect(me.body.first_name).toBe('Ada');
    expect(me.body.organization).toMatchObject({ name: 'Engines', membership_level: 15 });
    expect(me.body.team.api_token).toMatch(/^phc_[A-Za-z0-9]{43}$/);
    expect(me.body.organizations).toHaveLength(1);
    expect((await web.get('/api/signup/')).body).toEqual({ first_user: false });
  });

  it('refuses a duplicate email and explains invalid fields', async () => {
    const web = new ApiClient(server.url);
    await web.signup('dup@example.com');
    const again = await new ApiClient(server.url).post('/api/signup/', {
      email: 'DUP@example.com',
      password: 'another-password',
    });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ type: 'validation_error', attr: 'email' });

    const bad = await new ApiClient(server.url).post('/api/signup/', {
      email: 'not-an-email',
      password: 'short',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.attr).toBe('email');
    expect(String(bad.body.detail)).toMatch(/email.*password.*8 characters/i);
  });

  it('logs in with the right password, refuses a wrong one, and logs out', async () => {
    await new ApiClient(server.url).signup('login@example.com', 'right-password');
    const web = new ApiClient(server.url);
    const wrong = await web.post('/api/login/', { email: 'login@example.com', password: 'wrong-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'invalid_credentials', detail: 'Invalid email or password.' });
    const unknown = await web.post('/api/login/', {
      email: 'nobody@example.com',
      password: 'right-password',
    });
    expect(unknown.body).toMatchObject({ code: 'invalid_credentials' });

    expect(
      (await web.post('/api/login/', { email: 'login@example.com', password: 'right-password' })).status,
    ).toBe(200);
    expect((await web.get('/api/users/@me/')).status).toBe(200);
    expect((await web.post('/api/logout/')).status).toBe(204);
    expect((await web.get('/api/users/@me/')).status).toBe(401);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const web = new ApiClient(server.url);
    await web.signup('csrf@example.com');
    web.sendCsrf = false;
    const blocked = await web.post('/api/projects/', { name: 'Sneaky' });
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ code: 'csrf_failed' });
    const forged = await web.request(
      'POST',
      '/api/projects/',
      { name: 'Sneaky' },
      { 'x-csrftoken': 'forged' },
    );
    expect(forged.status).toBe(403);
    web.sendCsrf = true;
    expect((await web.post('/api/projects/', { name: 'Fine' })).status).toBe(201);
    // Reads need no token.
    web.sendCsrf = false;
    expect((await web.get('/api/projects/')).status).toBe(200);
  });

  it('rate-limits repeated failed logins with a 429 and Retry-After', async () => {
    await new ApiClient(server.url).signup('victim@example.com', 'victim-password');
    const attacker = new ApiClient(server.url);
    for (let i = 0; i < 5; i++) {
      const res = await attacker.post('/api/login/', {
        email: 'victim@example.com',
        password: `guess-${i}-xx`,
      });
      expect(res.status).toBe(400);
    }
    const blocked = await attacker.post('/api/login/', {
      email: 'victim@example.com',
      password: 'victim-password',
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ type: 'throttled_error' });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('authenticates scripts with personal API keys, stored only as a hash', async () => {
    const web = new ApiClient(server.url);
    await web.signup('script@example.com');
    const key = await web.createKey(['project:read']);
    expect(key).toMatch(/^phx_/);
    const script = web.withBearer(key);
    expect((await script.get('/api/projects/')).status).toBe(200);
    const listed = await web.get<{ mask_value: string; scopes: string[]; value?: string }[]>(
      '/api/users/@me/personal_api_keys/',
    );
    expect(listed.body[0]?.value).toBeUndefined();
    expect(listed.body[0]?.mask_value).toMatch(/^phx_.{2}…/);
    const stored = await server.container.appStore.db
      .selectFrom('personal_api_keys')
      .select('secure_value')
      .execute();
    expect(stored.some((r) => r.secure_value === key)).toBe(false);

    expect((await web.withBearer('phx_invalid').get('/api/projects/')).status).toBe(401);
    const withProjectKey = await web.withBearer('phc_notforapi').get('/api/projects/');
    expect(withProjectKey.status).toBe(401);
    expect(String(withProjectKey.body.detail)).toMatch(/personal API keys/);
  });

  it('answers malformed JSON and unknown routes with JSON errors', async () => {
    const web = new ApiClient(server.url);
    const malformed = await web.request('POST', '/api/login/', '{"email":', {
      'content-type': 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ type: 'invalid_request' });
    const missing = await web.get('/api/nope/');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'not_found' });
  });
});
