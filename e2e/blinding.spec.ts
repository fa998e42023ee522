import { expect, test } from '@playwright/test';
import { captureResponses, closeDb, seedCases, seedRatings, seedUser, signedInPage, type TestUser } from './fixtures';

const SLUG = `e2e-blinding-${Date.now().toString(36)}`;
const CASE = 'Endo007';

/**
 * Blinding, proven: a physician rates while other physicians' scores, flags and comments and the
 * imported reference scores exist for the same case. Everything the server sends to that
 * physician (HTML, React Server Component payloads, action and API answers, the refused event
 * stream) is captured and searched for any of those values or identities.
 */
test.describe('blinding', () => {
  let me: TestUser;
  let others: TestUser[];
  const secrets: Array<[string, string]> = [];

  test.beforeAll(async () => {
    me = await seedUser('PHYSICIAN', ['Endo'], 'endo-me');
    others = [await seedUser('PHYSICIAN', ['Endo'], 'endo-other-1'), await seedUser('PHYSICIAN', ['Endo'], 'endo-other-2')];
    await seedCases(SLUG, [CASE]);
    const { getDb } = await import('@/lib/db');
    const { setComment, setFlag } = await import('@/lib/ratings/case-work');
    const db = getDb();
    for (const [i, other] of others.entries()) await seedRatings(other, SLUG, CASE, (index) => ((index + i * 4) % 9) + 1);
    const options = await db.option.findMany({ where: { case: { externalId: CASE, project: { slug: SLUG } } }, orderBy: { position: 'asc' }, select: { id: true } });
    for (const [i, other] of others.entries()) {
      const user = await db.user.findUniqueOrThrow({ where: { email: other.email }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
      await setFlag({ user, optionId: options[i].id, kind: 'NEEDS_DISCUSSION', on: true });
      await setComment({ user, optionId: options[i].id, body: `Private remark ${i} zq${i}x7 about the dose` });
      secrets.push([`comment of other rater ${i}`, `zq${i}x7`], [`id of other rater ${i}`, user.id], [`email of other rater ${i}`, user.email], [`name of other rater ${i}`, user.name]);
      const ratings = await db.rating.findMany({ where: { userId: user.id }, select: { id: true } });
      for (const r of ratings) secrets.push([`rating id of other rater ${i}`, r.id]);
      const saves = await db.ratingSave.findMany({ where: { userId: user.id }, select: { clientId: true } });
      for (const s of saves) secrets.push([`save id of other rater ${i}`, s.clientId]);
    }
    const c = await db.case.findFirstOrThrow({ where: { externalId: CASE, project: { slug: SLUG } }, select: { recommendations: true } });
    secrets.push(['the specialist recommendation (hidden by default)', c.recommendations.slice(0, 60)]);
    for (const key of ['referenceScore', 'reference_score', 'NEEDS_DISCUSSION']) secrets.push([`the field ${key}`, key]);
    expect(await db.option.count({ where: { case: { externalId: CASE }, referenceScore: { not: null } } })).toBeGreaterThan(0);
  });

  test.afterAll(async () => {
    await closeDb();
  });

  test('[PHYSICIAN] receives no other rater\'s score, flag, comment or identity, and no reference score', async ({ browser, baseURL }) => {
    const page = await signedInPage(browser, me);
    const { captured, settled } = captureResponses(page, baseURL!);

    await page.goto('/rate');
    await page.getByRole('link', { name: new RegExp(`Start ${CASE}$`) }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`^Case ${CASE}`) })).toBeVisible();
    // Before this physician scores anything, every score the page carries is empty (the full
    // document carries the page's whole RSC payload inline).
    await page.reload();
    await expect(page.getByTestId('rated-count')).toHaveText(/^0 of \d+ rated$/);
    await settled();
    const casePayloads = captured.filter((c) => c.body.includes('myScore'));
    expect(casePayloads.length).toBeGreaterThan(0);
    for (const c of casePayloads) expect(c.body, c.url).not.toMatch(/\\?"myScore\\?":\s*\d/);
    expect(casePayloads.some((c) => /\\?"myFlags\\?":\s*\[\s*\\?"/.test(c.body))).toBe(false);

    // Rate, flag, comment, reload, go home: every action and answer is captured too.
    await page.keyboard.type('5937');
    await expect(page.getByTestId('rated-count')).toHaveText(/^4 of \d+ rated$/);
    await expect(page.getByTestId('option-4-status')).toHaveText('Saved: 7');
    await page.keyboard.press('f');
    await page.keyboard.press('1');
    await expect(page.getByTestId('option-5-flag')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await page.keyboard.type('my own note');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('option-5-comment')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('rated-count')).toHaveText(/^4 of \d+ rated$/);
    await page.goto('/rate');
    await page.goto(`/projects/${SLUG}/cases/${CASE}`);
    await expect(page).toHaveURL(/\/refused\?for=/);
    await page.goto(`/projects/${SLUG}/agreement`);
    await expect(page).toHaveURL(/\/refused\?for=/);
    const stream = await page.request.get(`/api/projects/${SLUG}/events`);
    expect(stream.status()).toBe(403);
    captured.push({ url: 'events', body: await stream.text() });
    await settled();

    expect(captured.length).toBeGreaterThan(8);
    expect(captured.some((c) => c.url.includes('/api/ratings'))).toBe(true);
    for (const { url, body } of captured) {
      for (const [what, value] of secrets) expect(body.includes(value), `${what} leaked in ${url}`).toBe(false);
    }
  });
});
