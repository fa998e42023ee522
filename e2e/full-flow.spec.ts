import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { parquetReadObjects } from 'hyparquet';
import { closeDb, rateOption, seedUser, signedInPage, type TestUser } from './fixtures';
import { NOHARM_RUBRICS_DIR } from '@/test/noharm';

const RUBRICS = NOHARM_RUBRICS_DIR;
const CASES = ['All008', 'All001', 'All006'];
const optionCount = Object.fromEntries(CASES.map((id) => [id, JSON.parse(readFileSync(path.join(RUBRICS, `${id}.json`), 'utf8')).options.length as number]));
const optionIds = Object.fromEntries(CASES.map((id) => [id, JSON.parse(readFileSync(path.join(RUBRICS, `${id}.json`), 'utf8')).options.map((o: { id: number }) => o.id) as number[]]));

/**
 * A consistent panel: each physician leans by at most one point, so no option has a score in 1-3
 * against one in 7-9 (RAND/UCLA disagreement) and none awaits adjudication under the default gold
 * rule; a lock takes every fully rated case (cases awaiting adjudication are held back: tested in
 * lib/releases/service.int.test.ts).
 */
function scoreFor(physician: number, caseIndex: number, optionIndex: number): number {
  const base = ((optionIndex * 5 + caseIndex * 3) % 9) + 1;
  const lean = [0, 1, -1][physician];
  return Math.min(9, Math.max(1, base + lean));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function rateAllCases(page: Page, physician: number, entered: Map<string, number[]>) {
  for (const [caseIndex, caseId] of CASES.entries()) {
    await page.goto('/rate');
    await page.getByRole('link', { name: new RegExp(`(Start|Continue) ${caseId}$`) }).click();
    await expect(page.getByRole('heading', { name: `Case ${caseId}` })).toBeVisible();
    for (const [optionIndex, number] of optionIds[caseId].entries()) {
      const score = scoreFor(physician, caseIndex, optionIndex);
      await rateOption(page, number, score);
      const key = `${caseId}:${number}`;
      entered.set(key, [...(entered.get(key) ?? []), score]);
    }
    await expect(page.getByTestId('case-complete')).toBeVisible();
  }
}

test.describe('the whole path', () => {
  let coordinator: TestUser;
  let physicians: TestUser[];

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    physicians = [await seedUser('PHYSICIAN', ['All'], 'allergist-1'), await seedUser('PHYSICIAN', ['All'], 'allergist-2'), await seedUser('PHYSICIAN', ['All'], 'allergist-3')];
    await closeDb();
  });

  test('[COORDINATOR + 3 PHYSICIANS] import real cases, rate, watch alpha live, lock, download gold = medians', async ({ browser }) => {
    // 261 clicked ratings by three physicians: more work than the suite's default allowance.
    test.setTimeout(480_000);
    // The coordinator creates a project and imports three real open NOHARM cases.
    const desk = await signedInPage(browser, coordinator);
    await desk.getByLabel(/Short name/).fill('e2e-study');
    await desk.getByRole('button', { name: 'Create project' }).click();
    await expect(desk.getByRole('heading', { name: 'E2e study' })).toBeVisible();
    await desk.getByLabel(/NOHARM rubric files/).setInputFiles(CASES.map((id) => path.join(RUBRICS, `${id}.json`)));
    await desk.getByRole('button', { name: 'Import' }).click();
    const total = CASES.reduce((n, id) => n + optionCount[id], 0);
    await expect(desk.getByTestId('import-message')).toContainText(`Imported 3 case(s) with ${total} option(s); 9 assignment(s) made.`);
    await expect(desk.getByTestId('ratings-done')).toHaveText(`0 / ${total * 3}`);
    await expect(desk.getByTestId('alpha-ordinal')).toHaveText('n/a');
    await expect(desk.getByTestId('live-status')).toContainText('Live');

    // Three physicians rate every option; the coordinator's page follows without a reload.
    const entered = new Map<string, number[]>();
    const pages = [];
    for (const [index, physician] of physicians.entries()) {
      const page = await signedInPage(browser, physician);
      pages.push(page);
      await rateAllCases(page, index, entered);
      await expect(desk.getByTestId('ratings-done')).toHaveText(`${total * (index + 1)} / ${total * 3}`);
    }
    // alpha after two raters vs. after three: recorded from the live page, never reloaded.
    await expect(desk.getByTestId('alpha-ordinal')).not.toHaveText('n/a');
    const alphaAfterAll = await desk.getByTestId('alpha-ordinal').textContent();

    // A score changed live moves alpha again.
    await pages[2].goto('/rate');
    await pages[2].getByRole('link', { name: /(Review|Continue) All008$/ }).click();
    const first = optionIds.All008[0];
    // 1/2/1 becomes 1/2/4: alpha moves (0.871 -> 0.867), and the panel still agrees (no adjudication needed).
    const flipped = entered.get(`All008:${first}`)![2] + 3;
    expect(entered.get(`All008:${first}`)).toEqual([1, 2, 1]);
    await rateOption(pages[2], first, flipped);
    entered.get(`All008:${first}`)![2] = flipped;
    await expect(desk.getByTestId('alpha-ordinal')).not.toHaveText(alphaAfterAll!);

    // Lock v1 on the Releases page: all three cases are ready and selected.
    await expect(desk.getByTestId('case-state-All008')).toContainText('Fully rated');
    await desk.getByRole('link', { name: 'Create a release' }).click();
    for (const caseId of CASES) await expect(desk.getByTestId(`release-case-${caseId}`).getByRole('checkbox')).toBeChecked();
    desk.once('dialog', (dialog) => dialog.accept());
    await desk.getByRole('button', { name: 'Lock 3 case(s) as v1' }).click();
    await expect(desk.getByTestId('lock-message')).toContainText('Release v1 locked: 3 case(s) (3 new)');
    const releaseId = (await desk.getByTestId('new-release-id').textContent())!;
    expect(releaseId).toMatch(/^[0-9a-f]{64}$/);
    await desk.getByRole('link', { name: 'Open release v1' }).click();
    await expect(desk.getByTestId('release-id')).toHaveText(releaseId);
    await expect(desk.getByTestId('release-counts')).toContainText(`3 cases, ${total} options, ${total * 3} ratings by 3 raters`);
    await expect(desk.getByTestId('release-simulated')).toContainText('No simulated raters');
    await expect(desk.getByTestId('release-alpha')).toContainText(/Krippendorff's alpha \(ordinal\) \d\.\d{3} \(95% CI \d\.\d{3} to \d\.\d{3}\); n = \d+ options, 3 raters/);

    // The physician can no longer change a locked score.
    await pages[0].goto('/rate');
    await pages[0].getByRole('link', { name: /(Review|Continue) All008$/ }).click();
    await expect(pages[0].getByText('This case is locked in a release')).toBeVisible();
    await expect(pages[0].getByTestId(`option-${first}`).getByRole('radio').first()).toBeDisabled();

    const downloadPromise = desk.waitForEvent('download');
    await desk.getByRole('link', { name: 'Download v1 (zip)' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('e2e-study-v1.zip');
    const files = unzipSync(readFileSync(await download.path()));
    expect(createHash('sha256').update(files['e2e-study-v1/MANIFEST.sha256']).digest('hex')).toBe(releaseId);
    for (const caseId of CASES) {
      const rubric = JSON.parse(strFromU8(files[`e2e-study-v1/rubrics/${caseId}.json`]));
      const source = JSON.parse(readFileSync(path.join(RUBRICS, `${caseId}.json`), 'utf8'));
      expect(rubric.options.map((o: { id: number }) => o.id)).toEqual(source.options.map((o: { id: number }) => o.id));
      for (const option of rubric.options) {
        expect(option.score, `${caseId} option ${option.id}`).toBe(median(entered.get(`${caseId}:${option.id}`)!));
      }
      expect(rubric.case).toEqual(source.case);
    }
    // A Node reader (hyparquet) loads the parquet files: the gold scores are the medians of what was entered.
    const parquet = (name: string) => {
      const bytes = files[`e2e-study-v1/${name}`];
      return parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    };
    const optionRows = await parquet('options.parquet');
    expect(optionRows).toHaveLength(total);
    for (const row of optionRows) expect(row.gold_score, `${row.case_id} option ${row.option_id}`).toBe(median(entered.get(`${row.case_id}:${row.option_id}`)!));
    const ratingRows = await parquet('ratings.parquet');
    expect(ratingRows).toHaveLength(total * 3);
    expect(ratingRows.every((r) => r.simulated === false && r.rated_at instanceof Date)).toBe(true);
    await desk.goto('/projects/e2e-study');
    await expect(desk.getByTestId('case-state-All001')).toContainText('Locked in v1');
    const ratings = strFromU8(files['e2e-study-v1/ratings.csv']).trim().split('\n');
    expect(ratings).toHaveLength(1 + total * 3);
    for (const physician of physicians) expect(ratings.join('\n')).not.toContain(physician.email);
  });
});
