import { expect, test } from '@playwright/test';
import { captureResponses, closeDb, joinProject, seedCases, seedUser, signedInPage, type TestUser } from './fixtures';

/**
 * Physicians as judges, end to end: a coordinator samples a model's plans for human review, a
 * physician judges one with the keyboard only (and receives nothing about the model, the AI judge,
 * the other physician or any score), and the coordinator's agreement view, opened before the
 * physician submits, shows the new figures on reload; confusion cells are checked against tables
 * worked out by hand from the verdicts given here.
 */

const RUN = Date.now().toString(36);
const SLUG = `e2e-judges-${RUN}`;
const CASE = 'All008';
const MODEL = `hidden-model-${RUN}`;

/** What the judging physician types for option i (see the keyboard test): n, 2, 1, then 3 / p alternating. */
function myVerdict(i: number): 'yes' | 'partial' | 'no' {
  if (i < 3) return (['no', 'partial', 'yes'] as const)[i];
  return i % 2 === 0 ? 'no' : 'partial';
}
/** The other physician agrees with that except on option 2 (yes where mine is partial): no majority there. */
function otherVerdict(i: number): 'yes' | 'partial' | 'no' {
  return i === 1 ? 'yes' : myVerdict(i);
}
/** The judge matched the first three options, the third only partly; the rest count as "no". */
function judgeVerdict(i: number): 'yes' | 'partial' | 'no' {
  return i < 2 ? 'yes' : i === 2 ? 'partial' : 'no';
}
const INDEX = { yes: 0, partial: 1, no: 2 } as const;
/** The 3 x 3 table (rows judge, columns consensus) worked out from the verdicts above, unresolved options left out. */
function handTable(n: number, consensus: (i: number) => 'yes' | 'partial' | 'no' | null): number[][] {
  const table = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i += 1) {
    const human = consensus(i);
    if (human !== null) table[INDEX[judgeVerdict(i)]][INDEX[human]] += 1;
  }
  return table;
}

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

    // The other physician answers every option through the data layer, but submits only later:
    // drafts count nowhere.
    const { getDb } = await import('@/lib/db');
    const { saveVerdict } = await import('@/lib/plan-review/service');
    const other = await sessionOf(physicians[1]);
    const review = await getDb().planReview.findFirstOrThrow({ where: { projectId }, select: { id: true } });
    for (const [i, id] of optionIds.entries()) await saveVerdict(other, { reviewId: review.id, optionId: id, verdict: otherVerdict(i), givenAt: Date.now() });
    const assignment = await getDb().planReviewAssignment.findFirstOrThrow({ where: { userId: other.id }, select: { id: true } });
    secrets.push(['the other physician\'s name', other.name], ['the other physician\'s email', other.email], ['the other physician\'s id', other.id], ['the other physician\'s assignment', assignment.id]);
    await closeDb();
  });

  test('[PHYSICIAN] judges the plan with the keyboard only, receives nothing about the model, the judge or the other physician, and the coordinator\'s view updates', async ({ browser, baseURL }) => {
    // The coordinator's view, opened before the physician submits: nothing submitted, no figures.
    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${SLUG}/evaluations/review`);
    await expect(desk.getByTestId('review-progress')).toContainText('0 of 2 reviews submitted; 0 of 1 plans judged by all their physicians (1 started)');
    await expect(desk.getByTestId('judge-kappa')).toContainText('Cohen\'s κ —, agreement —, n = 0 options; 0 unresolved option(s) left out.');
    await expect(desk.getByTestId('physician-kappa')).toContainText('n = 0 paired verdicts');
    await expect(desk.getByText('No review submitted yet.')).toBeVisible();
    await expect(desk.getByTestId('model-comparison')).toHaveCount(0);

    const page = await signedInPage(browser, physicians[0]);
    const { captured, settled } = captureResponses(page, baseURL!);
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
    await settled();
    expect(captured.some((c) => c.body.includes('oral antihistamine'))).toBe(true);
    const leaks = captured.flatMap((c) => secrets.filter(([, value]) => c.body.includes(value)).map(([what]) => `${what} in ${c.url}`));
    expect(leaks).toEqual([]);

    // What was stored is what was typed.
    const { getDb } = await import('@/lib/db');
    const me = await sessionOf(physicians[0]);
    const stored = await getDb().planVerdict.findMany({ where: { assignment: { userId: me.id } }, select: { optionNumber: true, verdict: true } });
    const byOption = new Map(stored.map((v) => [v.optionNumber, v.verdict]));
    expect([0, 1, 2, 3, 4].map((i) => byOption.get(optionIds[i]))).toEqual(['no', 'partial', 'yes', 'partial', 'no']);
    expect(optionIds.map((id) => byOption.get(id))).toEqual(optionIds.map((_, i) => myVerdict(i)));
    await closeDb();
    await page.context().close();

    // The same coordinator page, reloaded: this physician's verdicts are the consensus (one of one).
    await desk.reload();
    const n = optionIds.length;
    await expect(desk.getByTestId('review-progress')).toContainText('1 of 2 reviews submitted; 0 of 1 plans judged by all their physicians');
    await expect(desk.getByTestId('judge-kappa')).toContainText(`n = ${n} options; 0 unresolved option(s) left out.`);
    const expected = handTable(n, myVerdict);
    // By hand: option 1 judge yes / no, option 2 yes / partial, option 3 partial / yes, then no against partial or no.
    expect(expected.slice(0, 2)).toEqual([[0, 1, 1], [1, 0, 0]]);
    const cells = await desk.getByTestId('judge-confusion').locator('tbody td').allTextContents();
    expect(cells.map(Number)).toEqual(expected.flat());
    await expect(desk.getByTestId('comparison-left-out')).toHaveText('1 reviewed plan(s) scored; 0 left out for unresolved options.');
    await expect(desk.getByTestId('model-comparison')).toContainText(MODEL);
    await desk.context().close();
  });

  test('[COORDINATOR] after the second physician submits, the view leaves the unresolved option out', async ({ browser }) => {
    const { getDb } = await import('@/lib/db');
    const { submitReview } = await import('@/lib/plan-review/service');
    const review = await getDb().planReview.findFirstOrThrow({ where: { projectId }, select: { id: true } });
    await submitReview(await sessionOf(physicians[1]), review.id);
    const { getReviewOverview } = await import('@/lib/plan-review/queries');
    const expected = await getReviewOverview(await sessionOf(coordinator), projectId, {});
    await closeDb();
    const n = optionIds.length;
    // By hand: the two agree on every option but option 2 (partial + yes: no majority, unresolved).
    const table = handTable(n, (i) => (i === 1 ? null : myVerdict(i)));
    expect(table.slice(0, 2)).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(expected.judge.overall.table).toEqual(table);
    const page = await signedInPage(browser, coordinator);
    await page.goto(`/projects/${SLUG}/evaluations/review`);
    await expect(page.getByTestId('review-progress')).toContainText('2 of 2 reviews submitted; 1 of 1 plans judged by all their physicians');
    // Physicians' agreement uses every verdict, the unresolved one included.
    await expect(page.getByTestId('physician-kappa')).toContainText(`n = ${n} paired verdicts`);
    await expect(page.getByTestId('judge-kappa')).toContainText(`n = ${n - 1} options; 1 unresolved option(s) left out.`);
    await expect(page.getByTestId('judge-kappa')).toContainText(`Cohen's κ ${expected.judge.overall.kappa === null ? '—' : expected.judge.overall.kappa.toFixed(3)}`);
    const cells = await page.getByTestId('judge-confusion').locator('tbody td').allTextContents();
    expect(cells.map(Number)).toEqual(table.flat());
    await expect(page.getByTestId('consensus-rule')).toContainText('unresolved');
    // The plan has an unresolved option: left out of the metrics from human verdicts (and the judge's beside them).
    await expect(page.getByTestId('comparison-left-out')).toHaveText('0 reviewed plan(s) scored; 1 left out for unresolved options.');
    await expect(page.getByTestId('scores-used')).toContainText('reference scores');
    // Option 1: the judge said yes, both physicians no.
    await expect(page.getByTestId('judge-worst')).toContainText(CASE);
    await page.context().close();
  });
});
