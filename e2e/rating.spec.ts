import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { closeDb, seedCases, seedUser, joinProject, signedInPage, type TestUser } from './fixtures';

// Unique per run of this file: a retried worker re-runs beforeAll with fresh physicians.
const SLUG = `e2e-rating-${Date.now().toString(36)}`;
const BIG = 'Pulm005'; // the largest open case: 47 options
const SMALL = 'Pulm001';

async function db() {
  const { getDb } = await import('@/lib/db');
  return getDb();
}

async function userId(user: TestUser): Promise<string> {
  return (await (await db()).user.findUniqueOrThrow({ where: { email: user.email }, select: { id: true } })).id;
}

async function caseId(externalId: string): Promise<string> {
  return (await (await db()).case.findFirstOrThrow({ where: { externalId, project: { slug: SLUG } }, select: { id: true } })).id;
}

/** The physician's scores of a case in the database, by option number (absent: no score). */
async function storedScores(user: TestUser, externalId: string): Promise<Map<number, number>> {
  const rows = await (await db()).rating.findMany({
    where: { user: { email: user.email }, option: { case: { externalId, project: { slug: SLUG } } } },
    select: { score: true, option: { select: { number: true } } },
  });
  return new Map(rows.map((r) => [r.option.number, r.score]));
}

async function optionId(externalId: string, number: number): Promise<string> {
  return (await (await db()).option.findFirstOrThrow({ where: { number, case: { externalId, project: { slug: SLUG } } }, select: { id: true } })).id;
}

async function saveCount(user: TestUser): Promise<number> {
  return (await db()).ratingSave.count({ where: { user: { email: user.email } } });
}

/** Open a case and wait until the screen is interactive (the first open option holds the focus). */
async function openCase(page: Page, externalId: string): Promise<void> {
  await page.goto(`/rate/${await caseId(externalId)}`);
  await expect(page.getByRole('heading', { name: new RegExp(`^Case ${externalId}`) })).toBeVisible();
  await page.waitForFunction(() => document.activeElement?.hasAttribute('data-row'));
}

async function allSaved(page: Page, count: number, total: number): Promise<void> {
  await expect(page.getByTestId('rated-count')).toHaveText(`${count} of ${total} rated`);
  await expect(page.getByTestId('queue-message')).toHaveCount(0);
  await expect(page.locator('[data-testid$="-status"]', { hasText: /Saving|not saved yet/ })).toHaveCount(0);
}

test.describe('the rating screen', () => {
  let coordinator: TestUser;
  let physicians: TestUser[];
  let spare: TestUser;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    physicians = [await seedUser('PHYSICIAN', ['Pulm'], 'pulm-1'), await seedUser('PHYSICIAN', ['Pulm'], 'pulm-2'), await seedUser('PHYSICIAN', ['Pulm'], 'pulm-3')];
    await seedCases(SLUG, [BIG, SMALL]);
    await joinProject(SLUG, coordinator);
    // Joins after the import: gets a case only when someone declines one.
    spare = await seedUser('PHYSICIAN', ['Pulm'], 'pulm-spare');
  });

  test.afterAll(async () => {
    await closeDb();
  });

  test('[PHYSICIAN] rates a whole real case with the keyboard only; moving never saves; a reload loses nothing', async ({ browser }) => {
    const rater = physicians[0];
    const page = await signedInPage(browser, rater);
    // "continue" is one keystroke away: Enter opens the case the home page names.
    const hint = await page.getByText(/Press Enter to start/).textContent();
    const first = hint!.match(/start (\w+)\./)![1];
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: new RegExp(`^Case ${first}`) })).toBeVisible();
    if (first !== BIG) await openCase(page, BIG);
    const total = 47;
    await expect(page.getByTestId('focus-position')).toHaveText(`Option 1 of ${total}`);
    await expect(page.getByTestId('option-1')).toHaveAttribute('data-focused', 'true');

    // As fast as the keyboard can type: every digit scores the focused option and moves on.
    await page.keyboard.type('123456789987654321');
    await allSaved(page, 18, total);
    await expect(page.getByTestId('focus-position')).toHaveText(`Option 19 of ${total}`);
    const typed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect([...(await storedScores(rater, BIG)).entries()].sort((a, b) => a[0] - b[0])).toEqual(typed.map((s, i) => [i + 1, s]));

    // Moving around (arrows, j/k, Home/End) saves nothing.
    const before = await saveCount(rater);
    for (const key of ['ArrowUp', 'ArrowUp', 'k', 'j', 'ArrowDown', 'Home', 'End', 'Home', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(key);
    await expect(page.getByTestId('focus-position')).toHaveText(`Option 3 of ${total}`);
    expect(await saveCount(rater)).toBe(before);

    // Backspace clears option 3 as a recorded change; the next digit re-scores it.
    await page.keyboard.press('Backspace');
    await allSaved(page, 17, total);
    await expect(page.getByTestId('option-3-status')).toHaveText('No score');
    const history = await (await db()).ratingHistory.findMany({ where: { userId: await userId(rater), optionId: await optionId(BIG, 3) }, orderBy: { id: 'asc' }, select: { oldScore: true, newScore: true } });
    expect(history).toEqual([{ oldScore: null, newScore: 3 }, { oldScore: 3, newScore: null }]);
    await page.keyboard.press('8');
    await allSaved(page, 18, total);
    await expect(page.getByTestId('focus-position')).toHaveText(`Option 19 of ${total}`);

    // Reload midway: every score is back, and the focus is on the first option without one.
    await page.reload();
    await expect(page.getByTestId('rated-count')).toHaveText(`18 of ${total} rated`);
    await expect(page.getByTestId('option-3').getByRole('radio', { name: /^8:/ })).toBeChecked();
    await expect(page.getByTestId('focus-position')).toHaveText(`Option 19 of ${total}`);

    // "n" refuses while options are missing, and says how many.
    await page.keyboard.press('n');
    await expect(page.getByTestId('case-notice')).toHaveText(`${total - 18} options still without a score.`);

    await page.keyboard.type('7'.repeat(total - 18));
    await allSaved(page, total, total);
    await expect(page.getByTestId('case-complete')).toContainText('Submit the case');
    await page.keyboard.press('n');
    await expect(page).not.toHaveURL(new RegExp(await caseId(BIG)));
    const assignment = await (await db()).assignment.findFirstOrThrow({ where: { userId: await userId(rater), case: { externalId: BIG } }, select: { status: true, submittedAt: true } });
    expect(assignment.status).toBe('COMPLETED');
    expect(assignment.submittedAt).not.toBeNull();
    const final = await storedScores(rater, BIG);
    expect(final.size).toBe(total);
    expect(final.get(3)).toBe(8);
    expect(final.get(total)).toBe(7);
    // One history row per change: 18 typed, 1 clear, 1 re-score, 29 more.
    expect(await (await db()).ratingHistory.count({ where: { userId: await userId(rater) } })).toBe(18 + 1 + 1 + (total - 18));
  });

  test('[PHYSICIAN] scores given offline wait in the browser, are saved once when the connection returns, and survive closing the page', async ({ browser }) => {
    const rater = physicians[1];
    const page = await signedInPage(browser, rater);
    await openCase(page, SMALL);
    const total = await page.getByTestId(/^option-\d+$/).count();
    await page.context().setOffline(true);
    await page.keyboard.type('12345');
    await expect(page.getByTestId('queue-message')).toHaveText('5 scores are waiting for the connection; they will be saved automatically.');
    await expect(page.getByTestId('option-1-status')).toHaveText('Score 1: not saved yet');
    expect((await storedScores(rater, SMALL)).size).toBe(0);

    await page.context().setOffline(false);
    await allSaved(page, 5, total);
    expect([...(await storedScores(rater, SMALL)).entries()].sort((a, b) => a[0] - b[0])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
    expect(await saveCount(rater)).toBe(5);
    expect(await (await db()).ratingHistory.count({ where: { userId: await userId(rater) } })).toBe(5);

    // Offline again, two more scores, and the laptop lid closes (the page goes away unsent).
    await page.context().setOffline(true);
    await page.keyboard.type('67');
    await expect(page.getByTestId('queue-message')).toContainText('2 scores are waiting');
    await page.close();
    expect((await storedScores(rater, SMALL)).size).toBe(5);

    // Back online later, the same browser opens Primum again: the queue is sent by itself.
    const again = await page.context().newPage();
    await page.context().setOffline(false);
    await openCase(again, SMALL);
    await allSaved(again, 7, total);
    expect((await storedScores(rater, SMALL)).get(7)).toBe(7);
    expect(await saveCount(rater)).toBe(7);
  });

  test('[PHYSICIAN] flags and comments reach the coordinator, never another physician', async ({ browser }) => {
    const rater = physicians[1];
    const page = await signedInPage(browser, rater);
    await openCase(page, BIG);
    await page.keyboard.press('f');
    await expect(page.getByTestId('flag-dialog')).toBeVisible();
    await page.keyboard.press('2');
    await expect(page.getByTestId('option-1-flag')).toHaveText('⚑ Unclear wording');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('flag-dialog')).toHaveCount(0);
    await page.keyboard.press('c');
    await page.keyboard.type('Which beta-agonist dose is meant here?');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('comment-dialog')).toHaveCount(0);
    await expect(page.getByTestId('option-1-comment')).toBeVisible();
    // ? shows the guidelines with the WHO severities; Esc closes them.
    await page.keyboard.press('?');
    await expect(page.getByTestId('guidelines-dialog')).toContainText('needs life-saving or major intervention');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('guidelines-dialog')).toHaveCount(0);
    // The comment dialog took every key: nothing was scored while typing.
    expect((await storedScores(rater, BIG)).size).toBe(0);

    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${SLUG}/cases/${BIG}`);
    await expect(desk.getByTestId('review-flag-1')).toContainText('Unclear wording (E2E pulm-2)');
    await expect(desk.getByTestId('review-comment-1')).toContainText('Which beta-agonist dose is meant here?');

    const other = await signedInPage(browser, physicians[2]);
    await openCase(other, BIG);
    await expect(other.getByTestId('option-1-flag')).toHaveCount(0);
    expect(await other.content()).not.toContain('beta-agonist dose');
  });

  test('[PHYSICIAN] declining a case hands it to another physician; the home page says where it went', async ({ browser }) => {
    const rater = physicians[2];
    const page = await signedInPage(browser, rater);
    await openCase(page, SMALL);
    await page.keyboard.type('99');
    await allSaved(page, 2, await page.getByTestId(/^option-\d+$/).count());
    await page.getByRole('button', { name: 'Decline case…' }).click();
    await page.getByRole('button', { name: 'Decline this case' }).click();
    await expect(page.getByTestId('decline-dialog')).toContainText('Choose a reason.');
    await page.getByLabel('Outside my expertise').check();
    await page.getByRole('button', { name: 'Decline this case' }).click();
    await expect(page).toHaveURL(/\/rate\?declined=1$/);
    await expect(page.getByTestId(`removed-${SMALL}`)).toContainText('you declined it (outside my expertise)');
    expect((await storedScores(rater, SMALL)).size).toBe(0);

    const newcomer = await signedInPage(browser, spare);
    await expect(newcomer.getByTestId(`assigned-${SMALL}`)).toContainText('0 of');
  });

  test('[PHYSICIAN] the save endpoint names what is wrong, refuses strangers, and applies a retried save once', async ({ browser, playwright, baseURL }) => {
    const rater = physicians[0];
    const page = await signedInPage(browser, rater);
    const option = await optionId(SMALL, 1);
    const save = { clientId: crypto.randomUUID(), optionId: option, score: 4, givenAt: Date.now(), activeMs: 1500 };
    const anonymous = await playwright.request.newContext({ baseURL });
    expect((await anonymous.post('/api/ratings', { data: save })).status()).toBe(401);
    const bad = await page.request.post('/api/ratings', { data: { ...save, score: 12 } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).message).toMatch(/^score: /);
    const stranger = await signedInPage(browser, spare);
    // The newcomer holds the declined small case now, but not the big one.
    expect((await stranger.request.post('/api/ratings', { data: { ...save, optionId: await optionId(BIG, 1), clientId: crypto.randomUUID() } })).status()).toBe(404);
    const first = await page.request.post('/api/ratings', { data: save });
    const again = await page.request.post('/api/ratings', { data: save });
    expect([(await first.json()).outcome, (await again.json()).outcome]).toEqual(['applied', 'duplicate']);
    expect(await (await db()).ratingSave.count({ where: { clientId: save.clientId } })).toBe(1);
    await anonymous.dispose();
  });

  test('[PHYSICIAN] home and rating page have no serious or critical accessibility violations', async ({ browser }) => {
    const page = await signedInPage(browser, physicians[0]);
    for (const target of ['/rate', `/rate/${await caseId(SMALL)}`]) {
      await page.goto(target);
      await expect(page.locator('main')).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(serious, target).toEqual([]);
    }
  });
});
