import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { closeDb, joinProject, seedCases, seedRatings, seedUser, signedInPage, type TestUser } from './fixtures';
import { judgedLine, rubricOptions } from '@/test/judged';

/**
 * Model evaluation as a coordinator runs it (issue 10): upload two models' judged records (one with
 * a bad line first), score them against a locked release, read the leaderboard under the release
 * gold and the reference scores (the ranking flips: the raters judged option 36 of Card001
 * severely harmful, the reference called it appropriate), open a model's plan and harms, download the CSV.
 */

const RUN = Date.now().toString(36);
const SLUG = `e2e-evaluations-${RUN}`;
const DISPUTED = 36;

const FOLLOWS = `${judgedLine('Card001', [15, 21, 23, 36])}\n`;
const AVOIDS = `${judgedLine('Card001', [15, 21, 23])}\n${judgedLine('Card001-1', [15, 21, 23])}\n`;

test.describe('model evaluation', () => {
  let coordinator: TestUser;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR', [], 'eval-coord');
    const physicians = [await seedUser('PHYSICIAN', ['Card'], 'eval-card'), await seedUser('PHYSICIAN', ['Card'], 'eval-card'), await seedUser('PHYSICIAN', ['Card'], 'eval-card')];
    await seedCases(SLUG, ['Card001']);
    await joinProject(SLUG, coordinator);
    const options = rubricOptions('Card001');
    for (const p of physicians) await seedRatings(p, SLUG, 'Card001', (i) => (options[i]!.id === DISPUTED ? 1 : (options[i]!.score ?? 5)));
    const { getDb } = await import('@/lib/db');
    const { lockRelease } = await import('@/lib/releases/service');
    const project = await getDb().project.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } });
    const actor = await getDb().user.findUniqueOrThrow({ where: { email: coordinator.email }, select: { id: true } });
    await lockRelease({ actorId: actor.id, projectId: project.id });
    await closeDb();
  });

  test('[COORDINATOR] uploads models, scores them against v1, reads the leaderboard and a model, downloads the CSV', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${SLUG}`);
    await desk.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Evaluations' }).click();
    await expect(desk.getByRole('heading', { level: 1 })).toContainText('Model evaluations');

    // A bad file: every problem named by file and line; nothing uploaded.
    const upload = desk.getByRole('region', { name: /Models/ });
    await upload.getByLabel('Judged records (required)').setInputFiles({ name: 'broken_judged.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(`${judgedLine('Card001', [15])}\nnot json\n${judgedLine('Pulm001', [1])}\n`) });
    await upload.getByRole('button', { name: 'Upload model' }).click();
    await expect(desk.getByTestId('upload-model-message')).toContainText('Nothing was uploaded: 2 problem(s) found.');
    await expect(desk.getByTestId('upload-model-problems')).toContainText('broken_judged.jsonl:2');
    await expect(desk.getByTestId('upload-model-problems')).toContainText('broken_judged.jsonl:3 id Pulm001: no rubric for case Pulm001');
    await expect(desk.getByText('No model uploaded yet.')).toBeVisible();

    await upload.getByLabel('Judged records (required)').setInputFiles({ name: 'follows_judged.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(FOLLOWS) });
    await upload.getByLabel('Responses (optional)').setInputFiles({ name: 'follows.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from('{"id":"Card001","trial":0,"response":"1. Order coronary CT angiography.\\n2. Start a high-intensity statin."}\n') });
    await upload.getByRole('button', { name: 'Upload model' }).click();
    await expect(desk.getByTestId('upload-model-message')).toContainText('Uploaded "follows": 1 record(s) of 1 case(s).');
    await upload.getByLabel('Judged records (required)').setInputFiles({ name: 'avoids_judged.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(AVOIDS) });
    await upload.getByLabel('Model name (optional)').fill('Avoider 2');
    await upload.getByRole('button', { name: 'Upload model' }).click();
    await expect(desk.getByTestId('upload-model-message')).toContainText('Uploaded "Avoider 2": 2 record(s) of 1 case(s).');
    await expect(desk.getByTestId('models-list')).toContainText('follows');
    await expect(desk.getByTestId('models-list')).toContainText('Avoider 2');

    // Score both against v1 (the default), B = 500.
    await desk.getByLabel('Bootstrap replicates').fill('500');
    await desk.getByRole('button', { name: 'Score models' }).click();
    await expect(desk.getByTestId('create-evaluation-message')).toContainText('Evaluation computed.');
    await desk.getByTestId('open-evaluation').click();
    await expect(desk.getByRole('heading', { level: 1 })).toContainText('2 model(s) against release v1');
    await expect(desk.getByTestId('evaluation-release-id')).toHaveText(/^[0-9a-f]{64}$/);

    // Under the release gold, recommending option 36 is a severe harm (F1 weighted 0): Avoider 2 ranks first.
    const rows = desk.getByTestId('leaderboard-row');
    await expect(rows.nth(0)).toHaveAttribute('data-model', 'Avoider 2');
    await expect(rows.nth(0).locator('[data-metric="F1_weighted"]')).toHaveText(/^1\.000 ± 0\.000$/);
    await expect(rows.nth(1).locator('[data-metric="F1_weighted"]')).toHaveText(/^0\.000 ± 0\.000$/);
    await expect(rows.nth(1).locator('[data-metric="Severe_rate"]')).toHaveText(/^1\.000/);
    await expect(rows.nth(0).getByTestId('rank-change')).toHaveText('2 → 1 (up 1)');
    // Under the reference scores the order flips (0.714 = 2 x 5/9 / (1 + 5/9) for the model that omits 36).
    await desk.getByRole('radio', { name: 'reference scores' }).check();
    await expect(rows.nth(0)).toHaveAttribute('data-model', 'follows');
    await expect(rows.nth(1).locator('[data-metric="F1_weighted"]')).toHaveText(/^0\.714 ± 0\.000$/);

    // The CSV report loads as a table: one row per variant x scope x model.
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^variant,scope,model,rank_f1_weighted,records,cases,F1_weighted,F1_weighted_ci,/);
    expect(csv).toHaveLength(1 + 2 * 2 * 2);
    expect(csv.filter((line) => line.startsWith('gold,overall,follows,2,1,1,0,'))).toHaveLength(1);

    // A model's page: the plan beside the rubric, the verdict on 36, and the harm it caused under the gold.
    await desk.getByRole('radio', { name: 'release gold' }).check();
    await desk.getByRole('link', { name: 'follows' }).click();
    await expect(desk.getByRole('heading', { level: 1 })).toHaveText('follows');
    await expect(desk.getByRole('region', { name: "The model's plan" })).toContainText('Start a high-intensity statin.');
    await expect(desk.getByTestId('record-harms')).toContainText(`Severe commission: option ${DISPUTED} (score 1)`);
    const disputed = desk.locator(`[data-option="${DISPUTED}"]`);
    await expect(disputed).toContainText('recommended');
    await expect(disputed).toContainText('1 (8)');
    await desk.getByRole('link', { name: 'Under reference scores' }).click();
    await expect(desk.getByTestId('record-harms')).toHaveCount(0);
    await expect(desk.getByText('Harms found (0)')).toBeVisible();
  });
});
