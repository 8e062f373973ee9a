import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core) against a real server
 * serving the built app: sign-up, the project home, settings, the project switcher, personal API keys,
 * dark mode, logout and login. Screenshots of each screen go to test-results/web/.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const screenshotDir = path.join(repoRoot, 'test-results', 'web');

const available = await chromiumAvailable();

const EMAIL = 'ada@example.com';
const PASSWORD = 'analytical-engine';

interface Me {
  email: string;
  team: { id: number; name: string; api_token: string; timezone: string; week_start_day: number };
}

describe.runIf(available)('web app in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Console errors and uncaught exceptions of the main flow's page; must stay empty. */
  const consoleErrors: string[] = [];

  const watch = (p: Page, sink: string[]) => {
    p.on('console', (message) => {
      if (message.type() === 'error') sink.push(`${message.text()} (${message.location().url})`);
    });
    p.on('pageerror', (error) => sink.push(`uncaught: ${error.message}`));
  };
  const screenshot = async (name: string, p: Page = page) => {
    // Let running CSS transitions (a button leaving its loading state) finish first.
    await p.evaluate('Promise.all(document.getAnimations().map((a) => a.finished))');
    await p.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  };
  const me = async () => {
    const res = await page.request.get('/api/users/@me/');
    expect(res.status()).toBe(200);
    return (await res.json()) as Me;
  };
  const csrfToken = async () => (await context.cookies()).find((c) => c.name === 'csrftoken')?.value ?? '';

  beforeAll(async () => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    server = await startTestServer({ webApp: true });
    browser = await launchChromium();
    context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1280, height: 800 },
      // Also makes screenshots deterministic: Mantine skips its transitions.
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    watch(page, consoleErrors);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.destroy();
  });

  it('sends a signed-out visitor to /login, which links to sign-up', async () => {
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByRole('heading', { name: 'Log in to Hedgerow' }).waitFor();
    await screenshot('01-login');
    await page.getByRole('link', { name: 'Create one' }).click();
    await page.waitForURL((url) => url.pathname === '/signup');
    await page.getByText('Create the first account: you will own this Hedgerow').waitFor();
    await screenshot('02-signup');
  });

  it('signs up through the form and shows the project API key on the project home', async () => {
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Organization name').fill('Analytical Engines');
    await page.getByRole('button', { name: 'Create account' }).click();
    // Checked in the browser with the server's own rule, next to the field.
    await page.getByText('Password must be at least 8 characters long.').waitFor();

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'Default project' }).waitFor();
    await expect(page.title()).resolves.toBe('Default project · Hedgerow');

    const { team } = await me();
    const shown = page.getByTestId('project-api-key');
    await expect(shown.inputValue()).resolves.toBe(team.api_token);
    const code = (await page.locator('pre', { hasText: 'posthog.init' }).textContent()) ?? '';
    expect(code).toContain(`posthog.init('${team.api_token}'`);
    expect(code).toContain(`api_host: '${server.url}'`);
    await screenshot('03-project-home');

    await page.getByRole('tab', { name: 'Node.js (posthog-node)' }).click();
    await page.getByText(`new PostHog('${team.api_token}', { host: '${server.url}' })`).waitFor();
  });

  it('stays signed in across a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Default project' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByTestId('project-api-key').inputValue()).resolves.toMatch(/^phc_/);
  });

  it('changes the project name, time zone and week start in settings', async () => {
    await page.getByRole('link', { name: 'Project settings' }).click();
    await page.waitForURL((url) => url.pathname === '/settings/project');
    const name = page.getByLabel('Project name');
    await name.waitFor();
    await name.fill('Checkout app');
    const timezone = page.getByRole('combobox', { name: 'Time zone' });
    await timezone.click();
    await timezone.fill('Berlin');
    await page.getByRole('option', { name: /^Europe\/Berlin/ }).click();
    await page.getByLabel('Monday').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Project settings saved.').waitFor();
    await screenshot('04-project-settings');

    const { team } = await me();
    expect(team).toMatchObject({ name: 'Checkout app', timezone: 'Europe/Berlin', week_start_day: 1 });
    // The header follows the new name.
    await page.getByTestId('project-switcher').getByText('Checkout app').waitFor();
  });

  it('switches to a project created through the API from the header', async () => {
    const created = await page.request.post('/api/projects/', {
      data: { name: 'Marketing site' },
      headers: { 'X-CSRFToken': await csrfToken() },
    });
    expect(created.status()).toBe(201);
    const second = (await created.json()) as { id: number; api_token: string };

    await page.getByRole('link', { name: 'Project home' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checkout app' }).waitFor();
    // With the keyboard only: open the menu, arrow down to the project, choose it.
    await page.getByTestId('project-switcher').focus();
    await page.keyboard.press('Enter');
    const item = page.getByRole('menuitem', { name: 'Marketing site' });
    await item.waitFor();
    await screenshot('05-project-switcher');
    for (let i = 0; i < 5 && !(await item.evaluate((el) => el === el.ownerDocument.activeElement)); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Marketing site' }).waitFor();
    await expect(page.getByTestId('project-api-key').inputValue()).resolves.toBe(second.api_token);
    expect((await me()).team.id).toBe(second.id);
  });

  it('creates a personal API key, shows it once, and deletes it', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Personal API keys' }).click();
    await page.waitForURL((url) => url.pathname === '/settings/personal-api-keys');
    await page.getByText('No personal API keys yet').waitFor();

    await page.getByLabel('Label').fill('nightly export');
    await page.getByLabel('Only the scopes chosen below').check();
    await page.getByLabel('Projects: read', { exact: true }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const value = await page.getByTestId('new-key-value').inputValue();
    expect(value).toMatch(/^phx_/);
    await page.getByRole('cell', { name: 'nightly export', exact: true }).waitFor();
    await screenshot('06-personal-api-keys');

    const withKey = await page.request.get('/api/projects/@current/', {
      headers: { Authorization: `Bearer ${value}` },
    });
    expect(withKey.status()).toBe(200);

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Delete key nightly export' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete key' }).click();
    await page.getByText('No personal API keys yet').waitFor();
  });

  it('remembers dark mode across a reload', async () => {
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    const scheme = () => page.evaluate('document.documentElement.dataset.mantineColorScheme');
    await expect(scheme()).resolves.toBe('dark');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Personal API keys' }).waitFor();
    await expect(scheme()).resolves.toBe('dark');
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Marketing site' }).waitFor();
    await screenshot('07-project-home-dark');
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
    await expect(scheme()).resolves.toBe('light');
  });

  it('logs out to /login, and logging back in returns to the page asked for', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect((await page.request.get('/api/users/@me/')).status()).toBe(401);

    await page.goto('/settings/project');
    await page.waitForURL(
      (url) => url.pathname === '/login' && url.searchParams.get('next') === '/settings/project',
    );
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/settings/project');
    await expect(page.getByLabel('Project name').inputValue()).resolves.toBe('Marketing site');
    expect((await me()).email).toBe(EMAIL);
  });

  it('logged no console errors along the way', () => {
    expect(consoleErrors).toEqual([]);
  });

  it("shows the server's reason when a login is refused, including the rate limit", async () => {
    const p = await context.newPage();
    const errors: string[] = [];
    watch(p, errors);
    await p.context().clearCookies();
    await p.goto('/login');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await p.getByLabel('Email').fill('mallory@example.com');
      await p.getByRole('textbox', { name: 'Password', exact: true }).fill(`guess-${attempt}`);
      await p.getByRole('button', { name: 'Log in' }).click();
      const expected = attempt <= 5 ? 'Invalid email or password.' : /Too many failed login attempts/;
      await p.getByRole('alert').filter({ hasText: expected }).waitFor();
    }
    await screenshot('08-login-rate-limited', p);
    // The browser reports each refused request in the console; nothing else may appear there.
    expect(errors.filter((e) => !/status of (400|429)/.test(e))).toEqual([]);
    await p.close();
  });
});
