import { expect, test } from '@playwright/test';
import { closeDb, seedCases, seedUser, signedInPage, type TestUser } from './fixtures';

const SLUG = `e2e-headers-${Date.now().toString(36)}`;

test.describe('security headers and health', () => {
  let physician: TestUser;

  test.beforeAll(async () => {
    physician = await seedUser('PHYSICIAN', ['Neuro'], 'neuro-headers');
    await seedCases(SLUG, ['Neuro007']);
  });

  test.afterAll(async () => {
    await closeDb();
  });

  test('[ANONYMOUS] pages carry a nonce CSP without unsafe-eval and the static headers; API answers the static ones', async ({ request }) => {
    const page = await request.get('/login');
    const csp = page.headers()['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    const again = (await request.get('/login')).headers()['content-security-policy'];
    expect(again).not.toBe(csp);
    for (const response of [page, await request.get('/api/health')]) {
      expect(response.headers()['x-content-type-options']).toBe('nosniff');
      expect(response.headers()['referrer-policy']).toBe('same-origin');
      expect(response.headers()['permissions-policy']).toContain('camera=()');
      expect(response.headers()['x-frame-options']).toBe('DENY');
      expect(response.headers()['strict-transport-security']).toBeUndefined();
    }
    const behindHttps = await request.get('/login', { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindHttps.headers()['strict-transport-security']).toContain('max-age=');
  });

  test('[ANONYMOUS] /api/health says the app and database are up, and nothing more', async ({ request }) => {
    const response = await request.get('/api/health');
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(['app', 'checkedInMs', 'database', 'status']);
    expect(body).toMatchObject({ status: 'ok', app: 'ok', database: 'ok' });
  });

  test('[PHYSICIAN] the rating screen runs under the policy: no violation, keys typed during load are kept', async ({ browser }) => {
    const page = await signedInPage(browser, physician);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to (execute|load)/i.test(message.text())) violations.push(message.text());
    });
    await page.getByRole('link', { name: /Start Neuro007$/ }).click();
    await expect(page.getByRole('heading', { name: /^Case Neuro007/ })).toBeVisible();
    await page.reload();
    await page.keyboard.type('45');
    await expect(page.getByTestId('option-2-status')).toHaveText('Saved: 5');
    expect(violations).toEqual([]);
  });
});
