import { expect, test } from '@playwright/test';
import { closeDb, rateOption, seedCases, seedRatings, seedUser, joinProject, signedInPage, type TestUser } from './fixtures';

test.describe('agreement view', () => {
  let coordinator: TestUser;
  let physicians: TestUser[];
  let seeded = 0;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    physicians = [await seedUser('PHYSICIAN', ['Neuro'], 'neuro-1'), await seedUser('PHYSICIAN', ['Neuro'], 'neuro-2'), await seedUser('PHYSICIAN', ['Neuro'], 'neuro-3')];
    await seedCases('e2e-agree', ['Neuro003']);
    await joinProject('e2e-agree', coordinator);
    // Two physicians have rated everything; the first and last options split them into harm vs appropriate.
    seeded += await seedRatings(physicians[0], 'e2e-agree', 'Neuro003', (i) => (i === 0 ? 2 : (i % 9) + 1));
    seeded += await seedRatings(physicians[1], 'e2e-agree', 'Neuro003', (i) => (i === 0 ? 8 : Math.min(9, (i % 9) + 2)));
    await closeDb();
  });

  test('[COORDINATOR] sees coefficients, heat map and disagreements, updated live as a physician rates', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    await desk.goto('/projects/e2e-agree/agreement');
    await expect(desk.getByTestId('agreement-live')).toContainText(`computed from ${seeded} rating(s)`);
    await expect(desk.getByTestId('overall-coefficients')).toContainText("Krippendorff's alpha, ordinal");
    // One heat map per specialty, scaled to fit rather than cut off at the card's edge.
    const neuroMap = desk.getByTestId('kappa-heatmap-Neuro');
    await expect(neuroMap).toBeVisible();
    const mapBox = (await neuroMap.locator('svg').boundingBox())!;
    const cardBox = (await desk.getByTestId('kappa-heatmap').boundingBox())!;
    expect(mapBox.x + mapBox.width).toBeLessThanOrEqual(cardBox.x + cardBox.width + 1);
    // The n is beside every overall figure.
    await expect(desk.getByTestId('overall-coefficients').locator('tbody tr').first()).toContainText(/\d\.\d{3}\s*\d+/);
    await expect(desk.getByTestId('by-case')).toContainText('Neuro003');
    // Each rater against the others, with bootstrap intervals (resampling the case's options).
    await expect(desk.getByTestId('rater-table')).toContainText('E2E neuro-1');
    await expect(desk.getByTestId('rater-table').locator('tbody tr').first()).toContainText(/-?\d\.\d{3} to -?\d\.\d{3}/);
    const histogram = await desk.getByTestId('score-histogram').locator('title').first().textContent();
    expect(histogram).toMatch(/^Distribution of scores: 1: \d+, 2: \d+/);

    // The option rated 2 and 8 is in RAND/UCLA disagreement and links to its case.
    const link = desk.getByTestId('disagreements').getByRole('link', { name: 'Neuro003 · option 1' });
    await expect(link).toBeVisible();
    // 2 and 8: both tests fire (IPR 2.4 > IPRAS 2.35 too); the list names the small-panel rule first.
    await expect(desk.getByTestId('disagreement-rule')).toHaveText('flagged by small panel (2 ratings): a rating in 1-3 and one in 7-9; also IPR 2.4 > IPRAS 2.35');

    // A third physician rates in another browser: the open agreement view follows without a reload.
    const rater = await signedInPage(browser, physicians[2]);
    await rater.getByRole('link', { name: /Start Neuro003$/ }).click();
    await rateOption(rater, 1, 5);
    await expect(desk.getByTestId('agreement-live')).toContainText(`computed from ${seeded + 1} rating(s)`);

    await link.click();
    await expect(desk).toHaveURL(/\/projects\/e2e-agree\/cases\/Neuro003#option-1$/);
    await expect(desk.locator('#option-1')).toContainText('disagreement');
  });
});
