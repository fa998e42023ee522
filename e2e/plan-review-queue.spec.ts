import { expect, test, type Page } from '@playwright/test';
import { closeDb, joinProject, seedCases, seedUser, signedInPage, type TestUser } from './fixtures';

/**
 * The judging screen never loses a verdict: verdicts given offline wait in the browser (IndexedDB)
 * and are saved exactly once when the connection returns; a verdict whose request failed survives a
 * reload and is sent by the next page; the plan cannot be submitted while verdicts wait; a refusal
 * (an answer that cannot pass) is shown on its row. Real server, real database, Chromium.
 */

const RUN = Date.now().toString(36);
const SLUG = `e2e-judge-queue-${RUN}`;
const CASE = 'All008';
const MODEL = `queue-model-${RUN}`;

type Session = { id: string; email: string; name: string; role: 'PHYSICIAN' | 'COORDINATOR' | 'ADMIN' | 'ADJUDICATOR'; isSimulated: boolean };

async function db() {
  const { getDb } = await import('@/lib/db');
  return getDb();
}

async function sessionOf(user: TestUser): Promise<Session> {
  return (await db()).user.findUniqueOrThrow({ where: { email: user.email }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
}

test.describe('the judging screen keeps verdicts until the server has them', () => {
  let judge: TestUser;
  let stranger: TestUser;
  let reviewId: string;
  let assignmentId: string;
  let optionIds: number[];

  /** The judge's stored verdicts, by option number. */
  async function stored(): Promise<Map<number, string>> {
    const rows = await (await db()).planVerdict.findMany({ where: { assignmentId }, select: { optionNumber: true, verdict: true } });
    return new Map(rows.map((r) => [r.optionNumber, r.verdict]));
  }

  /** The verdict history of the judge's assignment, oldest first, as [option, old, new]. */
  async function history(): Promise<Array<[number, string | null, string | null]>> {
    const rows = await (await db()).planVerdictHistory.findMany({ where: { assignmentId }, orderBy: { id: 'asc' }, select: { optionNumber: true, oldVerdict: true, newVerdict: true } });
    return rows.map((r) => [r.optionNumber, r.oldVerdict, r.newVerdict]);
  }

  async function openReview(page: Page): Promise<void> {
    await page.goto(`/judge/${reviewId}`);
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Judge a plan for ${CASE}`) })).toBeVisible();
    // Keys count only once the screen is interactive and the queue has restored what an earlier page left.
    await expect(page.locator('[data-queue-ready]')).toHaveCount(1);
  }

  test.beforeAll(async () => {
    const coordinator = await seedUser('COORDINATOR', [], 'queue-coord');
    judge = await seedUser('PHYSICIAN', ['All'], 'queue-judge');
    await seedCases(SLUG, [CASE]);
    await joinProject(SLUG, coordinator);
    stranger = await seedUser('PHYSICIAN', ['Derm'], 'queue-stranger');
    const { uploadModel } = await import('@/lib/evaluations/service');
    const { sampleForReview } = await import('@/lib/plan-review/service');
    const { noharmFile } = await import('@/test/noharm');
    const projectId = (await (await db()).project.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } })).id;
    optionIds = (JSON.parse(noharmFile(CASE).content) as { options: Array<{ id: number }> }).options.map((o) => o.id);
    const judged = JSON.stringify({ id: CASE, trial: 0, options: optionIds.map((id, i) => ({ id, matched: i < 2, partial: false })), responseActions: [{ match: `${optionIds[0]},${optionIds[1]}` }], response_len: 200 });
    const responses = JSON.stringify({ id: CASE, trial: 0, response: 'Start an oral antihistamine daily; review in six weeks.' });
    const me = await sessionOf(coordinator);
    const { modelId } = await uploadModel(me, projectId, { name: MODEL, judged: { name: `${MODEL}_judged.jsonl`, text: judged }, responses: { name: `${MODEL}.jsonl`, text: responses } });
    const sampled = await sampleForReview(me, { projectId, perModel: 1, k: 1, seed: 3, modelIds: [modelId] });
    expect(sampled.assignments).toBe(1);
    const assignment = await (await db()).planReviewAssignment.findFirstOrThrow({ where: { review: { projectId } }, select: { id: true, reviewId: true, user: { select: { email: true } } } });
    expect(assignment.user.email).toBe(judge.email);
    reviewId = assignment.reviewId;
    assignmentId = assignment.id;
    await closeDb();
  });

  test.afterAll(async () => {
    await closeDb();
  });

  test('[PHYSICIAN] verdicts given offline wait in the browser, are saved exactly once when the connection returns, and block submitting until then', async ({ browser }) => {
    const page = await signedInPage(browser, judge);
    await openReview(page);
    const status = (i: number) => page.getByTestId(`verdict-option-${optionIds[i]}-status`);
    const n = optionIds.length;
    // Every verdict that reached the server, by the moment it was given: each must arrive once.
    const delivered = new Map<number, number>();
    page.on('requestfinished', (request) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/api/plan-verdicts')) return;
      const { givenAt } = request.postDataJSON() as { givenAt: number };
      delivered.set(givenAt, (delivered.get(givenAt) ?? 0) + 1);
    });

    await page.context().setOffline(true);
    await page.keyboard.press('y');
    await page.keyboard.press('p');
    await page.keyboard.press('n');
    await expect(page.getByTestId('queue-message')).toHaveText('3 verdicts are waiting for the connection; they will be saved automatically.');
    await expect(status(0)).toHaveText('Yes: not saved yet');
    await expect(status(1)).toHaveText('Partly: not saved yet');
    await expect(status(2)).toHaveText('No: not saved yet');
    expect((await stored()).size).toBe(0);

    // Two more offline: option 1 changed (yes -> no), and option 4 answered.
    for (const key of ['ArrowUp', 'ArrowUp', 'ArrowUp']) await page.keyboard.press(key);
    await expect(page.getByTestId(`verdict-option-${optionIds[0]}`)).toHaveAttribute('data-focused', 'true');
    await page.keyboard.press('n');
    await expect(page.getByTestId(`verdict-option-${optionIds[3]}`)).toHaveAttribute('data-focused', 'true');
    await page.keyboard.press('y');
    await expect(page.getByTestId('queue-message')).toHaveText('4 verdicts are waiting for the connection; they will be saved automatically.');
    await expect(status(0)).toHaveText('No: not saved yet');
    expect((await stored()).size).toBe(0);

    await page.context().setOffline(false);
    await expect(page.getByTestId('queue-message')).toHaveCount(0);
    for (const [i, text] of [[0, 'Saved: no'], [1, 'Saved: partly'], [2, 'Saved: no'], [3, 'Saved: yes']] as const) await expect(status(i)).toHaveText(text);
    const first = await stored();
    expect([0, 1, 2, 3].map((i) => first.get(optionIds[i]))).toEqual(['no', 'partial', 'no', 'yes']);
    expect(first.size).toBe(4);
    // Five verdicts were given offline (one superseded): five requests reached the server, each once.
    await expect.poll(() => [...delivered.values()]).toEqual([1, 1, 1, 1, 1]);
    // One history row per real change, in the order given: the superseded "yes" was saved, then changed.
    expect(await history()).toEqual([
      [optionIds[0], null, 'yes'],
      [optionIds[1], null, 'partial'],
      [optionIds[2], null, 'no'],
      [optionIds[0], 'yes', 'no'],
      [optionIds[3], null, 'yes'],
    ]);

    // Offline again: every remaining option answered, then Enter: not submitted, and the screen says why.
    await page.context().setOffline(true);
    for (let i = 4; i < n; i += 1) await page.keyboard.press('p');
    await expect(page.getByTestId('judge-progress')).toHaveText(`${n} of ${n} answered`);
    await expect(page.getByTestId('queue-message')).toHaveText(`${n - 4} verdict${n - 4 === 1 ? ' is' : 's are'} waiting for the connection; ${n - 4 === 1 ? 'it' : 'they'} will be saved automatically.`);
    await page.getByTestId('submit-review').click();
    await expect(page.getByTestId('judge-message')).toHaveText(`Not submitted: ${n - 4} verdict${n - 4 === 1 ? '' : 's'} not saved yet. The plan can be submitted once ${n - 4 === 1 ? 'it is' : 'they are'} saved.`);
    expect((await (await db()).planReviewAssignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { submittedAt: true } })).submittedAt).toBeNull();

    await page.context().setOffline(false);
    await expect(page.getByTestId('queue-message')).toHaveCount(0);
    await expect(status(n - 1)).toHaveText('Saved: partly');
    await page.getByTestId('submit-review').click();
    await expect(page.getByTestId('judge-message')).toHaveText('Submitted. Thank you.');
    const all = await stored();
    expect(all.size).toBe(n);
    expect((await history()).length).toBe(n + 1);
    expect((await (await db()).planReviewAssignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { submittedAt: true } })).submittedAt).not.toBeNull();
    await page.context().close();
  });

  test('[PHYSICIAN] a verdict whose request failed survives a reload (with a warning before leaving) and is sent by the next page', async ({ browser }) => {
    const page = await signedInPage(browser, judge);
    await openReview(page);
    const status = page.getByTestId(`verdict-option-${optionIds[0]}-status`);
    // "no" after the test above; nothing when this test runs alone.
    const before = (await stored()).get(optionIds[0]) ?? null;
    expect(before).not.toBe('partial');
    const historyBefore = (await history()).length;

    // The connection to the endpoint fails (the browser still says it is online).
    let blocked = 0;
    await page.route('**/api/plan-verdicts', (route) => {
      blocked += 1;
      return route.abort('connectionreset');
    });
    await page.getByTestId(`verdict-option-${optionIds[0]}`).getByRole('radio', { name: /^Partly/ }).click();
    await expect(status).toHaveText('Partly: not saved yet');
    await expect(page.getByTestId('queue-message')).toHaveText('1 verdict is waiting for the connection; it will be saved automatically.');
    expect(blocked).toBeGreaterThan(0);

    // Leaving warns first; the physician reloads anyway, with the endpoint still failing.
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    await expect(page.locator('[data-queue-ready]')).toHaveCount(1);
    // The new page has the verdict back from the browser's storage, still unsaved.
    await expect(status).toHaveText('Partly: not saved yet');
    expect((await stored()).get(optionIds[0]) ?? null).toBe(before);

    // The endpoint answers again: the restored queue sends it by itself (next retry, at most 4 s away).
    await page.unroute('**/api/plan-verdicts');
    await expect(status).toHaveText('Saved: partly');
    await expect(page.getByTestId('queue-message')).toHaveCount(0);
    expect((await stored()).get(optionIds[0])).toBe('partial');
    expect((await history()).slice(historyBefore)).toEqual([[optionIds[0], before, 'partial']]);
    await page.context().close();
  });

  test('[PHYSICIAN] a verdict the server refuses for good is shown on its row and dropped; the endpoint refuses strangers', async ({ browser, playwright, baseURL }) => {
    const page = await signedInPage(browser, judge);
    await openReview(page);
    const before = (await stored()).get(optionIds[1]) ?? null;
    expect(before).not.toBe('yes');
    // The request is rewritten to name an option the case does not have: the real server refuses it (404).
    await page.route('**/api/plan-verdicts', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify({ ...body, optionId: 987_654 }) });
    });
    await page.getByTestId(`verdict-option-${optionIds[1]}`).getByRole('radio', { name: /^Yes/ }).click();
    await expect(page.getByTestId(`verdict-option-${optionIds[1]}-status`)).toHaveText('Not saved: No such option in this case.');
    await expect(page.getByTestId('refused-message')).toHaveText('1 verdict could not be saved: see the options marked "Not saved".');
    await expect(page.getByTestId('queue-message')).toHaveCount(0);
    expect((await stored()).get(optionIds[1]) ?? null).toBe(before);
    await page.unroute('**/api/plan-verdicts');
    // Given again, it is saved, and the refusal is gone.
    await page.getByTestId(`verdict-option-${optionIds[1]}`).getByRole('radio', { name: /^No/ }).click();
    await expect(page.getByTestId(`verdict-option-${optionIds[1]}-status`)).toHaveText('Saved: no');
    await expect(page.getByTestId('refused-message')).toHaveCount(0);
    expect((await stored()).get(optionIds[1])).toBe('no');

    const untouched = (await stored()).get(optionIds[2]) ?? null;
    expect(untouched).not.toBe('yes');
    const save = { reviewId, optionId: optionIds[2], verdict: 'yes', givenAt: Date.now() };
    const anonymous = await playwright.request.newContext({ baseURL });
    expect((await anonymous.post('/api/plan-verdicts', { data: save })).status()).toBe(401);
    await anonymous.dispose();
    const bad = await page.request.post('/api/plan-verdicts', { data: { ...save, verdict: 'maybe' } });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).message).toMatch(/^verdict: /);
    // Only the site's own pages: a page of another origin of the same site, and a form post of JSON text, are refused.
    expect((await page.request.post('/api/plan-verdicts', { data: save, headers: { 'sec-fetch-site': 'same-site' } })).status()).toBe(403);
    expect((await page.request.post('/api/plan-verdicts', { data: JSON.stringify(save), headers: { 'content-type': 'text/plain' } })).status()).toBe(400);
    const other = await signedInPage(browser, stranger);
    const refused = await other.request.post('/api/plan-verdicts', { data: save });
    expect(refused.status()).toBe(404);
    expect((await refused.json()).message).toBe('No such plan to judge.');
    expect((await stored()).get(optionIds[2]) ?? null).toBe(untouched);
    await other.context().close();
    await page.context().close();
  });
});
