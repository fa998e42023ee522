import { expect, test, type Response } from '@playwright/test';
import { closeDb, joinProject, seedCases, seedUser, signedInPage, type TestUser } from './fixtures';

/**
 * Physicians as judges, end to end: a coordinator samples a model's plans for human review, a
 * physician judges one with the keyboard only (and receives nothing about the model, the AI judge,
 * the other physician or any score), and the coordinator's agreement view shows the new figures.
 */

const RUN = Date.now().toString(36);
const SLUG = `e2e-judges-${RUN}`;
const CASE = 'All008';
const MODEL = `hidden-model-${RUN}`;

type Session = { id: string; email: string; name: string; role: 'PHYSICIAN' | 'COORDINATOR' | 'ADMIN' | 'ADJUDICATOR'; isSimulated: boolean };

test.describe('physicians as judges', () => {
  let coordinator: TestUser;
  let physicians: TestUser[];
  let projectId: string;
  let modelId: string;
  let optionIds: number[];
  /** The values and identities the judging physician must never receive. */
  const secrets: Array<[string, string]> = [];
  const sessionOf = async (user: TestUser): Promise<Session> => {
    const { getDb } = await import('@/lib/db');
    return getDb().user.findUniqueOrThrow({ where: { email: user.email }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
  };

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR', [], 'judges-coord');
    physicians = [await seedUser('PHYSICIAN', ['All'], 'judges-me'), await seedUser('PHYSICIAN', ['All'], 'judges-other')];
    // The case goes to both physicians for rating, which makes them members of the project.
    await seedCases(SLUG, [CASE]);
    await joinProject(SLUG, coordinator);
    const { getDb } = await import('@/lib/db');
    const { uploadModel } = await import('@/lib/evaluations/service');
    const { noharmFile } = await import('@/test/noharm');
    const db = getDb();
    projectId = (await db.project.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } })).id;
    optionIds = (JSON.parse(noharmFile(CASE).content) as { options: Array<{ id: number }> }).options.map((o) => o.id);
    // The judge matched the first three options, the third only partly.
    const options = optionIds.map((id, i) => ({ id, matched: i < 3, partial: i === 2 }));
    const judged = JSON.stringify({ id: CASE, trial: 0, options, responseActions: [{ match: `${optionIds[0]},${optionIds[1]}` }, { match: String(optionIds[2]) }, { match: '', score: 3 }], response_len: 320 });
    const responses = JSON.stringify({ id: CASE, trial: 0, response: 'Start an oral antihistamine daily; refer for allergy testing; review in six weeks.' });
    const upload = await uploadModel(await sessionOf(coordinator), projectId, { name: MODEL, judged: { name: `${MODEL}_judged.jsonl`, text: judged }, responses: { name: `${MODEL}.jsonl`, text: responses } });
    modelId = upload.modelId;
    const record = await db.evalRecord.findFirstOrThrow({ where: { modelId }, select: { id: true } });
    secrets.push(['the model name', MODEL], ['the model id', modelId], ['the judged record id', record.id], ['the judge file name', `${MODEL}_judged.jsonl`]);
    for (const key of ['matched', 'responseActions', '"actions"', 'referenceScore', 'reference_score', 'goldScore', 'gold_score']) secrets.push([`the field ${key}`, key]);
    await closeDb();
  });

  test.afterAll(async () => {
    await closeDb();
  });

  test('[COORDINATOR] samples a plan for two physicians from the Evaluations page', async ({ browser }) => {
    const page = await signedInPage(browser, coordinator);
    await page.goto(`/projects/${SLUG}/evaluations`);
    await page.getByTestId('plan-review-link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Physicians as judges' })).toBeVisible();
    await expect(page.getByTestId('review-progress')).toContainText('0 of 0 reviews submitted');
    await page.getByLabel('Plans per model (N)').fill('1');
    await page.getByLabel('Physicians per plan (k)').fill('2');
    await page.getByLabel('Seed').fill('5');
    await page.getByRole('button', { name: 'Sample plans' }).click();
    await expect(page.getByTestId('sample-plans-message')).toHaveText('Sampled 1 plan(s), 2 assignment(s).');
    await page.reload();
    await expect(page.getByTestId('review-progress')).toContainText('0 of 2 reviews submitted; 0 of 1 plans judged by all their physicians');
    await expect(page.getByTestId('review-models')).toContainText(`${MODEL}110`);
    await page.context().close();

    // The other physician judges first, through the data layer: every option "yes".
    const { getDb } = await import('@/lib/db');
    const { saveVerdict, submitReview } = await import('@/lib/plan-review/service');
    const other = await sessionOf(physicians[1]);
    const review = await getDb().planReview.findFirstOrThrow({ where: { projectId }, select: { id: true } });
    for (const id of optionIds) await saveVerdict(other, { reviewId: review.id, optionId: id, verdict: 'yes', givenAt: Date.now() });
    await submitReview(other, review.id);
    const assignment = await getDb().planReviewAssignment.findFirstOrThrow({ where: { userId: other.id }, select: { id: true } });
    secrets.push(['the other physician\'s name', other.name], ['the other physician\'s email', other.email], ['the other physician\'s id', other.id], ['the other physician\'s assignment', assignment.id]);
    await closeDb();
  });

  test('[PHYSICIAN] judges the plan with the keyboard only, and receives nothing about the model, the judge or the other physician', async ({ browser, baseURL }) => {
    const page = await signedInPage(browser, physicians[0]);
    const captured: Array<{ url: string; body: string }> = [];
    const pending: Array<Promise<void>> = [];
    page.on('response', (response: Response) => {
      const url = response.url();
      if (!url.startsWith(baseURL!) || url.includes('/_next/static/')) return;
      pending.push(response.text().then((body) => void captured.push({ url, body }), () => undefined));
    });
    await page.goto('/rate');
    const link = page.getByRole('link', { name: `Judge plan 1 for ${CASE}` });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^Judge a plan for ${CASE}`) })).toBeVisible();
    await expect(page.getByTestId('plan-text')).toContainText('oral antihistamine');
    await expect(page.getByTestId('key-legend')).toContainText('y / 1');
    await expect(page.getByTestId('judge-progress')).toHaveText(`0 of ${optionIds.length} answered`);
    const row = (i: number) => page.getByTestId(`verdict-option-${optionIds[i]}`);
    const status = (i: number) => page.getByTestId(`verdict-option-${optionIds[i]}-status`);

    await expect(row(0)).toHaveAttribute('data-focused', 'true');
    await page.keyboard.press('y');
    await expect(row(1)).toHaveAttribute('data-focused', 'true');
    await page.keyboard.press('k'); // back to the first option
    await expect(row(0)).toHaveAttribute('data-focused', 'true');
    await page.keyboard.press('n'); // changes it, and moves to the next unanswered
    await expect(row(1)).toHaveAttribute('data-focused', 'true');
    await page.keyboard.press('2');
    await page.keyboard.press('ArrowDown'); // skip option 3 for now
    await expect(row(3)).toHaveAttribute('data-focused', 'true');
    for (let i = 3; i < optionIds.length; i += 1) await page.keyboard.press(i % 2 === 0 ? '3' : 'p');
    // The only open one left is option 3: focus comes back to it.
    await expect(row(2)).toHaveAttribute('data-focused', 'true');
    await expect(page.getByTestId('submit-review')).toBeDisabled();
    await page.keyboard.press('1');
    await expect(page.getByTestId('judge-progress')).toHaveText(`${optionIds.length} of ${optionIds.length} answered`);
    await expect(status(0)).toHaveText('Saved: no');
    await expect(status(1)).toHaveText('Saved: partly');
    await expect(status(2)).toHaveText('Saved: yes');
    await expect(status(optionIds.length - 1)).toHaveText(/^Saved: /);
    await expect(page.getByTestId('submit-review')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('judge-message')).toHaveText('Submitted. Thank you.');

    // The React Server Component payload of the page, as a client navigation fetches it.
    const url = page.url();
    const rsc = await page.request.get(url, { headers: { RSC: '1' } });
    captured.push({ url: `${url} (RSC)`, body: await rsc.text() });
    captured.push({ url: `${url} (DOM)`, body: await page.content() });
    await Promise.all(pending);
    expect(captured.some((c) => c.body.includes('oral antihistamine'))).toBe(true);
    const leaks = captured.flatMap((c) => secrets.filter(([, value]) => c.body.includes(value)).map(([what]) => `${what} in ${c.url}`));
    expect(leaks).toEqual([]);

    // What was stored is what was typed.
    const { getDb } = await import('@/lib/db');
    const me = await sessionOf(physicians[0]);
    const stored = await getDb().planVerdict.findMany({ where: { assignment: { userId: me.id } }, select: { optionNumber: true, verdict: true } });
    const byOption = new Map(stored.map((v) => [v.optionNumber, v.verdict]));
    expect([0, 1, 2, 3, 4].map((i) => byOption.get(optionIds[i]))).toEqual(['no', 'partial', 'yes', 'partial', 'no']);
    expect(stored).toHaveLength(optionIds.length);
    await closeDb();
    await page.context().close();
  });

  test('[COORDINATOR] the agreement view shows the figures of both submitted reviews', async ({ browser }) => {
    const { getReviewOverview } = await import('@/lib/plan-review/queries');
    const expected = await getReviewOverview(await sessionOf(coordinator), projectId, {});
    await closeDb();
    const n = optionIds.length;
    // Hand check of the physicians: the other said "yes" to all; mine has 1 yes (option 3) of n.
    expect(expected.physicians.n).toBe(n);
    const page = await signedInPage(browser, coordinator);
    await page.goto(`/projects/${SLUG}/evaluations/review`);
    await expect(page.getByTestId('review-progress')).toContainText('2 of 2 reviews submitted; 1 of 1 plans judged by all their physicians');
    await expect(page.getByTestId('physician-kappa')).toContainText(`n = ${n} paired verdicts`);
    await expect(page.getByTestId('judge-kappa')).toContainText(`n = ${n} options`);
    // Consensus of yes and anything else is "partial" (k = 2), except option 3 where both said yes.
    const table = expected.judge.overall.table;
    expect(table.flat().reduce((a, b) => a + b, 0)).toBe(n);
    expect(table[0][0] + table[1][0] + table[2][0]).toBe(1);
    await expect(page.getByTestId('judge-kappa')).toContainText(`Cohen's κ ${expected.judge.overall.kappa === null ? '—' : expected.judge.overall.kappa.toFixed(3)}`);
    const cells = await page.getByTestId('judge-confusion').locator('tbody td').allTextContents();
    expect(cells.map(Number)).toEqual(table.flat());
    await expect(page.getByTestId('model-comparison')).toContainText(MODEL);
    await expect(page.getByTestId('scores-used')).toContainText('reference scores');
    await expect(page.getByTestId('judge-worst')).toContainText(CASE);
    await page.context().close();
  });
});
