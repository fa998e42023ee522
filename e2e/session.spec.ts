import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { closeDb, seedCases, seedUser, signedInPage, type TestUser } from './fixtures';

/** A second browser holding a copy of the first one's cookies (a stolen or forgotten session). */
async function copyOf(browser: Browser, from: BrowserContext): Promise<BrowserContext> {
  const copy = await browser.newContext();
  await copy.addCookies(await from.cookies());
  return copy;
}

const SLUG = `e2e-session-${Date.now().toString(36)}`;

test.describe('sessions end on the server', () => {
  let physician: TestUser;
  let optionId: string;

  test.beforeAll(async () => {
    physician = await seedUser('PHYSICIAN', ['Nephro'], 'nephro-session');
    await seedUser('PHYSICIAN', ['Nephro'], 'nephro-2');
    await seedUser('PHYSICIAN', ['Nephro'], 'nephro-3');
    await seedCases(SLUG, ['Nephro003']);
    const { getDb } = await import('@/lib/db');
    optionId = (await getDb().option.findFirstOrThrow({ where: { case: { externalId: 'Nephro003', project: { slug: SLUG } } }, select: { id: true } })).id;
  });

  test.afterAll(async () => {
    await closeDb();
  });

  const save = () => ({ clientId: crypto.randomUUID(), optionId, score: 5, givenAt: Date.now(), activeMs: 0 });

  test('[PHYSICIAN] signing out ends every copy of the session at its next request', async ({ browser }) => {
    const page = await signedInPage(browser, physician);
    const before = await page.context().cookies();
    const copy = await copyOf(browser, page.context());
    const stolen = await copy.newPage();
    await stolen.goto('/rate');
    await expect(stolen.getByTestId('signed-in-as')).toContainText(physician.name);
    expect((await stolen.request.post('/api/ratings', { data: save() })).status()).toBe(200);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    const session = await stolen.request.get('/api/auth/session');
    expect(await session.json()).toBeNull();
    await stolen.goto('/rate');
    await expect(stolen).toHaveURL(/\/login$/);
    // Auth.js cleared the copy's cookie in those answers; the old cookie itself is refused too.
    const raw = await browser.newContext();
    await raw.addCookies(before);
    expect((await raw.request.post('/api/ratings', { data: save() })).status()).toBe(401);
    expect(await (await raw.request.get('/api/auth/session')).json()).toBeNull();
  });

  test('[PHYSICIAN] deactivation ends an open session at its next request', async ({ browser }) => {
    const page = await signedInPage(browser, physician);
    const before = await page.context().cookies();
    expect((await page.request.post('/api/ratings', { data: save() })).status()).toBe(200);
    const { setUserActive } = await import('@/lib/users/service');
    await setUserActive({ actorId: null, email: physician.email, isActive: false });
    // The cookie as it was before: a save and a page with it are both refused.
    const copy = await browser.newContext();
    await copy.addCookies(before);
    expect((await copy.request.post('/api/ratings', { data: save() })).status()).toBe(401);
    expect(await (await copy.request.get('/api/auth/session')).json()).toBeNull();
    await page.goto('/rate');
    await expect(page).toHaveURL(/\/login$/);
    await setUserActive({ actorId: null, email: physician.email, isActive: true });
    // Reactivated, the old cookie stays dead: a new sign-in is needed.
    const again = await browser.newContext();
    await again.addCookies(before);
    expect((await again.request.post('/api/ratings', { data: save() })).status()).toBe(401);
  });
});
