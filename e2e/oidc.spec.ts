import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { closeDb, seedUser, type TestUser } from './fixtures';
import { startTestIdp, type TestIdp } from './oidc-provider';
import { startSecondInstance, type Instance } from './second-instance';

/**
 * Sign-in through an OpenID Connect provider, against a real one (oidc-provider) and a second
 * `next start` of the same build that has the OIDC environment (the suite's server has none).
 * Each test uses its own client address (x-forwarded-for), so the refusals it causes are counted
 * against that address only by the sign-in throttle.
 */
const OIDC_NAME = 'Hospital login';

/**
 * The OIDC instance is opened as localhost: Next hands route handlers a URL with any 127.x host
 * rewritten to localhost, so a sign-in started at 127.0.0.1 would come back to a callback that
 * computes a different redirect URI than the one the provider was given.
 */
const asLocalhost = (url: string) => url.replace('//127.0.0.1:', '//localhost:');

test.describe('OpenID Connect sign-in', () => {
  let idp: TestIdp;
  let app: Instance;
  let appURL: string;
  let coordinator: TestUser;
  let retired: TestUser;

  /** Start the second instance with the OIDC variables; startSecondInstance passes on this process's environment. */
  async function startAppWithOidc(): Promise<Instance> {
    const vars = { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret, OIDC_NAME };
    Object.assign(process.env, vars);
    try {
      return await startSecondInstance();
    } finally {
      for (const name of Object.keys(vars)) delete process.env[name];
    }
  }

  test.beforeAll(async () => {
    idp = await startTestIdp();
    coordinator = await seedUser('COORDINATOR', [], 'oidc-coordinator');
    retired = await seedUser('COORDINATOR', [], 'oidc-retired');
    const { setUserActive } = await import('@/lib/users/service');
    await setUserActive({ actorId: null, email: retired.email, isActive: false });
    // The provider's spelling of the address differs in case from Primum's: the match ignores case.
    idp.accounts.set('verified', { email: coordinator.email.toUpperCase(), email_verified: true, name: 'Somebody Else' });
    idp.accounts.set('unverified', { email: coordinator.email, email_verified: false });
    idp.accounts.set('stranger', { email: `stranger-${Date.now()}@e2e.primum.invalid`, email_verified: true });
    idp.accounts.set('retired', { email: retired.email, email_verified: true });
    app = await startAppWithOidc();
    appURL = asLocalhost(app.baseURL);
    idp.serve(`${appURL}/api/auth/callback/oidc`);
  });

  test.afterAll(async () => {
    await app?.stop();
    await idp?.stop();
    await closeDb();
  });

  let addressCount = 0;
  const newContext = (browser: Browser): Promise<BrowserContext> =>
    browser.newContext({ baseURL: appURL, extraHTTPHeaders: { 'x-forwarded-for': `198.51.100.${++addressCount}` } });

  /** Through Primum's button and the provider's own sign-in and consent pages, back to Primum. */
  async function signInAtIdp(page: Page, login: string): Promise<void> {
    await page.goto('/login');
    await page.getByRole('button', { name: `Sign in with ${OIDC_NAME}` }).click();
    await expect(page).toHaveURL(new RegExp(`^${idp.issuer}/`));
    await page.getByPlaceholder('Enter any login').fill(login);
    await page.getByPlaceholder('and password').fill('anything');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(new RegExp(`^${appURL}/`));
  }

  const sessionOf = async (page: Page) => (await page.request.get('/api/auth/session')).json();

  test('[COORDINATOR] a verified email of an existing user signs in and lands on their home, as that user', async ({ browser }) => {
    const page = await (await newContext(browser)).newPage();
    await signInAtIdp(page, 'verified');
    await expect(page).toHaveURL(`${appURL}/projects`);
    await expect(page.getByTestId('signed-in-as')).toContainText(coordinator.name);
    const { getDb } = await import('@/lib/db');
    const { id } = await getDb().user.findUniqueOrThrow({ where: { email: coordinator.email }, select: { id: true } });
    expect((await sessionOf(page)).user.id).toBe(id);
  });

  test('an unverified email is refused with the message, and no session', async ({ browser }) => {
    const page = await (await newContext(browser)).newPage();
    await signInAtIdp(page, 'unverified');
    await expect(page).toHaveURL(`${appURL}/login?error=OidcUnverified`);
    await expect(page.getByTestId('oidc-message')).toHaveText(`${OIDC_NAME} did not confirm that your email address is verified, so Primum cannot match it to an account. Verify it there, or sign in with your password.`);
    expect(await sessionOf(page)).toBeNull();
  });

  test('an unknown email and a deactivated user are refused with one and the same message', async ({ browser }) => {
    const messages: string[] = [];
    for (const login of ['stranger', 'retired']) {
      const page = await (await newContext(browser)).newPage();
      await signInAtIdp(page, login);
      await expect(page).toHaveURL(`${appURL}/login?error=OidcRefused`);
      await expect(page.getByTestId('oidc-message')).toContainText('does not belong to an active Primum account');
      messages.push(await page.getByTestId('oidc-message').innerText());
      expect(await sessionOf(page)).toBeNull();
    }
    expect(messages[0]).toBe(messages[1]);
  });

  test('[COORDINATOR] signing out ends the session: a copy of the cookie stops working', async ({ browser }) => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInAtIdp(page, 'verified');
    await expect(page.getByTestId('signed-in-as')).toContainText(coordinator.name);
    const copy = await browser.newContext({ baseURL: appURL });
    await copy.addCookies(await context.cookies());
    const stolen = await copy.newPage();
    await stolen.goto('/projects');
    await expect(stolen.getByTestId('signed-in-as')).toContainText(coordinator.name);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    expect(await sessionOf(stolen)).toBeNull();
    await stolen.goto('/projects');
    await expect(stolen).toHaveURL(/\/login$/);
  });

  test('a throttled address is refused even for a verified email of an active user', async ({ browser }) => {
    const context = await newContext(browser);
    const address = `198.51.100.${addressCount}`;
    const { ADDRESS_LIMIT, recordAddressFailure } = await import('@/lib/auth/rate-limit');
    for (let i = 0; i < ADDRESS_LIMIT.points; i++) await recordAddressFailure(address);
    const page = await context.newPage();
    await signInAtIdp(page, 'verified');
    await expect(page).toHaveURL(`${appURL}/login?error=OidcThrottled`);
    await expect(page.getByTestId('oidc-message')).toHaveText(/^Too many refused sign-ins from your network\. Try again in (a minute|\d+ minutes)\.$/);
    expect(await sessionOf(page)).toBeNull();
  });

  test('the suite server, without the OIDC variables, offers only the password form', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Sign in with/ })).toHaveCount(0);
    // And the same page on the OIDC instance does offer it, so the check above can fail.
    await page.goto(`${appURL}/login`);
    await expect(page.getByRole('button', { name: `Sign in with ${OIDC_NAME}` })).toBeVisible();
  });
});
