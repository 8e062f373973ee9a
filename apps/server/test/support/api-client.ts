/**
 * A small HTTP client for tests that behaves like the web app (cookie jar, CSRF header on writes) or
 * like a script (Bearer personal API key).
 */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  bearer: string | null = null;
  /** Whether writes echo the csrftoken cookie, as the web app does. */
  sendCsrf = true;

  constructor(readonly baseUrl: string) {}

  withBearer(key: string | null): ApiClient {
    const c = new ApiClient(this.baseUrl);
    c.bearer = key;
    return c;
  }

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    // A FormData body sets its own multipart content type (with the boundary).
    if (body !== undefined && !(body instanceof FormData)) h['content-type'] = 'application/json';
    if (this.cookies.size > 0) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const csrf = this.cookies.get('csrftoken');
    if (this.sendCsrf && csrf && method !== 'GET') h['x-csrftoken'] = csrf;
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: h,
      body:
        body === undefined
          ? undefined
          : typeof body === 'string' || body instanceof FormData
            ? body
            : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (!name) continue;
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON; tests asserting on JSON will fail with the text in view.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
  patch<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body ?? {});
  }
  delete<T = Record<string, unknown>>(path: string) {
    return this.request<T>('DELETE', path);
  }

  /** Signs up a new user (who gets a new organization and project) and keeps the session cookie. */
  async signup(email: string, password = 'correct-horse-battery', organization = `Org of ${email}`) {
    const res = await this.post<{
      id: number;
      team: { id: number; api_token: string };
      organization: { id: string };
    }>('/api/signup/', { email, password, organization_name: organization });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Creates a personal API key for the signed-in user and returns its value. */
  async createKey(scopes: string[] = ['*'], extra: Record<string, unknown> = {}): Promise<string> {
    const res = await this.post<{ value: string }>('/api/users/@me/personal_api_keys/', {
      label: 'test',
      scopes,
      ...extra,
    });
    if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.value;
  }
}
