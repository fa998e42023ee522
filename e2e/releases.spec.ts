import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { closeDb, joinProject, seedCases, seedRatings, seedUser, signedInPage, type TestUser } from './fixtures';

/**
 * Releases as a coordinator makes them (issue 9): a selection of cases, what is missing listed, an
 * override with a written reason, the release page with its diff from the version before, and a
 * public link for reviewers that stops working when revoked.
 */

const RUN = Date.now().toString(36);
const SLUG = `e2e-releases-${RUN}`;

test.describe('releases', () => {
  let coordinator: TestUser;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR', [], 'releases-coord');
    const physicians = [await seedUser('PHYSICIAN', ['Endo'], 'rel-endo'), await seedUser('PHYSICIAN', ['Endo'], 'rel-endo'), await seedUser('PHYSICIAN', ['Endo'], 'rel-endo')];
    await seedCases(SLUG, ['Endo002', 'Endo007', 'Endo009']);
    await joinProject(SLUG, coordinator);
    // Endo002 and Endo007: consistent panels, ready. Endo009: one physician rated two options only.
    for (const [r, p] of physicians.entries()) {
      await seedRatings(p, SLUG, 'Endo002', (i) => Math.min(9, ((i * 4) % 9) + 1 + (r === 1 ? 1 : 0)));
      await seedRatings(p, SLUG, 'Endo007', () => [7, 8, 7][r]);
    }
    const { getDb } = await import('@/lib/db');
    const { submitRating } = await import('@/lib/ratings/service');
    const first = await getDb().user.findUniqueOrThrow({ where: { email: physicians[0].email }, select: { id: true, email: true, name: true, role: true, isSimulated: true } });
    const options = await getDb().option.findMany({ where: { case: { externalId: 'Endo009', project: { slug: SLUG } } }, orderBy: { position: 'asc' }, take: 2, select: { id: true } });
    for (const option of options) await submitRating({ user: first, optionId: option.id, score: 3 });
    await closeDb();
  });

  test('[COORDINATOR] selects cases, locks v1, then v2 by override; the release page shows the diff; a public link works until revoked', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${SLUG}/releases`);
    await expect(desk.getByTestId('lock-missing')).toContainText('Endo009: 0 of 3 physicians submitted');
    await expect(desk.getByTestId('release-case-Endo009').getByRole('checkbox')).not.toBeChecked();
    // Only Endo002 in v1: Endo007 is deselected.
    await desk.getByTestId('release-case-Endo007').getByRole('checkbox').uncheck();
    await desk.getByLabel('Licence of the dataset').selectOption('cc0-1.0');
    desk.once('dialog', (dialog) => dialog.accept());
    await desk.getByRole('button', { name: 'Lock 1 case(s) as v1' }).click();
    await expect(desk.getByTestId('lock-message')).toContainText('Release v1 locked: 1 case(s) (1 new)');

    // v2: the released case is carried, Endo007 added, and Endo009 only with a written reason.
    await desk.goto(`/projects/${SLUG}/releases`);
    await expect(desk.getByTestId('release-case-Endo002')).toContainText('released (frozen)');
    await expect(desk.getByTestId('release-case-Endo002').getByRole('checkbox')).toBeChecked();
    await expect(desk.getByTestId('release-case-Endo007').getByRole('checkbox')).toBeChecked();
    await expect(desk.getByLabel('Licence of the dataset')).toHaveValue('cc0-1.0');
    await desk.getByTestId('release-case-Endo009').getByRole('checkbox').check();
    await expect(desk.getByText('1 selected case(s) are not ready (Endo009)')).toBeVisible();
    const reason = 'Pilot for the methods paper; Endo009 is rated by one physician only.';
    await desk.getByLabel(/Override reason/).fill(reason);
    desk.once('dialog', (dialog) => dialog.accept());
    await desk.getByRole('button', { name: 'Lock 3 case(s) as v2' }).click();
    await expect(desk.getByTestId('lock-message')).toContainText('Release v2 locked: 3 case(s) (2 new), ');
    await expect(desk.getByTestId('lock-message')).toContainText('Locked by override: Endo009.');
    await desk.getByRole('link', { name: 'Open release v2' }).click();

    await expect(desk.getByTestId('release-override')).toContainText(`Locked by override (given by ${coordinator.name}): Endo009`);
    await expect(desk.getByTestId('release-override')).toContainText(reason);
    await expect(desk.getByTestId('release-diff')).toContainText('Cases added (2): Endo007, Endo009');
    await expect(desk.getByTestId('release-agreement-change')).toContainText('overall');
    await expect(desk.getByTestId('release-files')).toContainText('options.parquet');
    const releaseId = (await desk.getByTestId('release-id').textContent())!;

    // A reviewer's public link: shown once, opens without an account, downloads the same archive.
    await desk.getByRole('button', { name: 'Create a public link' }).click();
    const link = await desk.getByTestId('public-link').inputValue();
    expect(link).toMatch(/\/r\/[A-Za-z0-9_-]{43}$/);
    const reviewer = await (await browser.newContext()).newPage();
    await reviewer.goto(link);
    await expect(reviewer.getByRole('heading', { level: 1 })).toContainText('release v2');
    await expect(reviewer.getByTestId('release-id')).toHaveText(releaseId);
    await expect(reviewer.getByTestId('release-counts')).toContainText('3 cases');
    const [download] = await Promise.all([reviewer.waitForEvent('download'), reviewer.getByRole('link', { name: 'Download (zip)' }).click()]);
    const files = unzipSync(readFileSync(await download.path()));
    const meta = JSON.parse(strFromU8(files[`${SLUG}-v2/release.json`]));
    expect(meta).toMatchObject({ version: 2, license: 'cc0-1.0', override: { reason, cases: ['Endo009'] }, previous_version: 1 });
    // Endo009's options without two ratings have no gold label; the two rated by one physician say so.
    const rubric = JSON.parse(strFromU8(files[`${SLUG}-v2/rubrics/Endo009.json`]));
    expect(rubric.options.every((o: { score: number | null }) => o.score === null)).toBe(true);

    await desk.reload();
    await desk.getByTestId('release-links').getByRole('button', { name: 'Revoke' }).click();
    await expect(desk.getByTestId('revoke-message')).toContainText('Link revoked');
    const gone = await reviewer.goto(link);
    expect(gone?.status()).toBe(404);
    const downloadGone = await reviewer.request.get(link.replace('/r/', '/api/r/') + '/download');
    expect(downloadGone.status()).toBe(404);
  });
});
