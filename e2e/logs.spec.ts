import { spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { closeDb, PASSWORD, rateOption, seedCases, seedUser, signIn, type TestUser } from './fixtures';

const SLUG = `e2e-logs-${Date.now().toString(36)}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test.describe('request ids and cookies behind HTTPS', () => {
  let physician: TestUser;

  test.beforeAll(async () => {
    physician = await seedUser('PHYSICIAN', ['Neuro'], 'neuro-logs');
    await seedCases(SLUG, ['Neuro007']);
  });

  test.afterAll(async () => {
    await closeDb();
  });

  test('[ANONYMOUS] every page and API answer carries its own request id; a proxy\'s well-formed id is kept, a bad one replaced', async ({ request }) => {
    const ids: string[] = [];
    for (const path of ['/login', '/login', '/api/health', '/api/auth/session']) {
      const response = await request.get(path);
      const id = response.headers()['x-request-id'];
      expect(id, path).toMatch(UUID);
      ids.push(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const kept = await request.get('/api/health', { headers: { 'x-request-id': 'nginx-5f1c9e0a7b3d' } });
    expect(kept.headers()['x-request-id']).toBe('nginx-5f1c9e0a7b3d');
    const replaced = await request.get('/login', { headers: { 'x-request-id': '{"level":"error","msg":"forged"}' } });
    expect(replaced.headers()['x-request-id']).toMatch(UUID);
  });

  test('[PHYSICIAN] signed in over plain HTTP, the session cookie is a plain one', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, physician);
    const session = (await context.cookies()).find((cookie) => cookie.name.endsWith('authjs.session-token'));
    expect(session?.name).toBe('authjs.session-token');
    expect(session?.secure).toBe(false);
    await context.close();
  });

  test('[PHYSICIAN] behind a TLS-terminating proxy (X-Forwarded-Proto: https) sign-in sets a Secure, HttpOnly __Secure- session cookie that works for pages and saves', async ({ browser, baseURL }) => {
    // Every request carries the header a TLS-terminating proxy adds. The app then sends the browser
    // on to the https:// address after sign-in; no proxy answers there in this test, so that one
    // navigation is answered here and recorded, and the test continues on the plain address.
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-proto': 'https' } });
    const httpsOrigin = new URL(baseURL!).origin.replace(/^http:/, 'https:');
    const sentToHttps: string[] = [];
    await context.route(`${httpsOrigin}/**`, (route) => {
      sentToHttps.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>the proxy would answer here</p>' });
    });
    const page = await context.newPage();
    const setCookies: string[] = [];
    page.on('response', async (response) => {
      for (const header of await response.headersArray()) if (header.name.toLowerCase() === 'set-cookie') setCookies.push(header.value);
    });
    await page.goto('/login');
    await page.getByLabel('Email').fill(physician.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Next's router may first fetch the target, then navigates the page there.
    await page.waitForURL(`${httpsOrigin}/`);
    expect(sentToHttps.length).toBeGreaterThan(0);
    for (const url of sentToHttps) expect(url.startsWith(`${httpsOrigin}/`)).toBe(true);

    const cookies = await context.cookies();
    const session = cookies.find((cookie) => cookie.name.endsWith('authjs.session-token'));
    expect(session?.name).toBe('__Secure-authjs.session-token');
    expect(session?.secure).toBe(true);
    expect(session?.httpOnly).toBe(true);
    expect(cookies.some((cookie) => cookie.name === 'authjs.session-token')).toBe(false);
    const issued = setCookies.find((value) => value.startsWith('__Secure-authjs.session-token='));
    expect(issued).toMatch(/;\s*Secure/i);
    expect(issued).toMatch(/;\s*HttpOnly/i);

    // The Secure cookie is the one the app reads back: pages, the session endpoint and the save endpoint.
    await page.goto('/rate');
    await expect(page.getByTestId('signed-in-as')).toContainText(physician.name);
    const me = await (await page.request.get('/api/auth/session')).json();
    expect(me?.user?.email).toBe(physician.email);
    await page.getByRole('link', { name: /Start Neuro007$/ }).click();
    await expect(page.getByRole('heading', { name: /^Case Neuro007/ })).toBeVisible();
    await rateOption(page, 1, 6);
    await context.close();
  });

  test('[PHYSICIAN] an unexpected server error answers 500 with its request id and is logged as one JSON line with that id, without the cookie or the score', async ({ browser, baseURL }) => {
    // A second server from the same build whose database does not exist, with its output captured
    // (the suite's own server discards its output): a save then fails in an unexpected way.
    const { getDb } = await import('@/lib/db');
    const optionId = (await getDb().option.findFirstOrThrow({ where: { case: { project: { slug: SLUG } } }, select: { id: true } })).id;
    const context = await browser.newContext();
    await signIn(await context.newPage(), physician);
    const cookie = (await context.cookies()).find((c) => c.name === 'authjs.session-token');
    expect(cookie?.value.length).toBeGreaterThan(20);
    await context.close();

    const port = Number(new URL(baseURL!).port) + 17;
    const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
      env: { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/primum_e2e_no_such_database' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    server.stderr.on('data', (chunk) => (output += chunk));
    try {
      const origin = `http://127.0.0.1:${port}`;
      await expect.poll(async () => (await fetch(`${origin}/login`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
      const requestId = `e2e-log-${Date.now().toString(36)}`;
      const save = { clientId: crypto.randomUUID(), optionId, score: 6, givenAt: Date.now(), activeMs: 1234 };
      const response = await fetch(`${origin}/api/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `authjs.session-token=${cookie!.value}`, 'x-request-id': requestId },
        body: JSON.stringify(save),
      });
      expect(response.status).toBe(500);
      expect(response.headers.get('x-request-id')).toBe(requestId);
      expect(await response.json()).toEqual({ error: 'INTERNAL', message: 'Something went wrong on our side.' });

      const lineOf = () => output.split('\n').find((line) => line.includes(requestId));
      await expect.poll(lineOf).toBeTruthy();
      const entry = JSON.parse(lineOf()!);
      expect(entry).toMatchObject({ level: 'error', msg: 'unexpected error', component: 'api', requestId, status: 500 });
      expect(typeof entry.errorName).toBe('string');
      expect(output).not.toContain(cookie!.value.slice(0, 40));
      expect(output).not.toContain(save.clientId);
      expect(lineOf()).not.toMatch(/score|1234/);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
