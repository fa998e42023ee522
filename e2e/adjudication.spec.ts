import { expect, test } from '@playwright/test';
import { closeDb, joinProject, seedCases, seedRatings, seedUser, signedInPage, type TestUser } from './fixtures';

const SLUG = `e2e-adj-${Date.now().toString(36)}`;
const CASE = 'Heme010';

test.describe('adjudication', () => {
  let coordinator: TestUser;
  let adjudicator: TestUser;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    adjudicator = await seedUser('ADJUDICATOR');
    const physicians = [await seedUser('PHYSICIAN', ['Heme'], 'heme-1'), await seedUser('PHYSICIAN', ['Heme'], 'heme-2'), await seedUser('PHYSICIAN', ['Heme'], 'heme-3')];
    await seedCases(SLUG, [CASE]);
    await joinProject(SLUG, coordinator, adjudicator);
    // Option 1 splits the panel 1/5/9 (RAND/UCLA disagreement); every other option is a unanimous 7.
    const split = [1, 5, 9];
    for (const [r, physician] of physicians.entries()) await seedRatings(physician, SLUG, CASE, (i) => (i === 0 ? split[r] : 7));
    await closeDb();
  });

  test('[ADJUDICATOR] resolves a split by keyboard while the coordinator sees the gold label change live', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${SLUG}/cases/${CASE}`);
    await expect(desk.getByTestId('case-live')).toContainText('Live');
    await expect(desk.getByTestId('gold-1-score')).toHaveText('Gold 5');
    await expect(desk.getByTestId('gold-1')).toContainText('Needs adjudication');
    await expect(desk.getByTestId('gold-2')).toContainText('Gold 7 · appropriate · mild (harm of omitting it) · unanimous');

    const judge = await signedInPage(browser, adjudicator);
    await judge.goto(`/projects/${SLUG}/adjudication`);
    const items = judge.getByTestId('queue-item');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('1 · 5 · 9');
    await expect(items.first()).toContainText('small panel: a rating in 1-3 and one in 7-9');
    await items.first().getByRole('link').focus();
    await judge.keyboard.press('Enter');
    await expect(judge.getByRole('heading', { level: 1 })).toHaveText(`Case ${CASE}, option 1`);
    // Raters are blinded by default: letters, not names.
    await expect(judge.getByTestId('adjudication-rater')).toHaveText([/Rater A\s*1/, /Rater B\s*5/, /Rater C\s*9/]);
    await expect(judge.locator('body')).not.toContainText('E2E heme-1');

    await judge.keyboard.press('4');
    await expect(judge.getByTestId('adjudication-chosen')).toHaveText('Final score: 4');
    await expect(judge.getByLabel('Rationale (required)')).toBeFocused();
    await judge.keyboard.type('Benefit and harm balance out for this patient.');
    await judge.keyboard.press('Control+Enter');
    // The queue had one option: it is done.
    await expect(judge).toHaveURL(new RegExp(`/projects/${SLUG}/adjudication\\?done=1$`));
    await expect(judge.getByTestId('queue-empty')).toBeVisible();

    // The coordinator's open page follows without a reload.
    await expect(desk.getByTestId('gold-1-score')).toHaveText('Gold 4');
    await expect(desk.getByTestId('gold-1-provenance')).toContainText(`Adjudicated by ${adjudicator.name}`);
    await expect(desk.getByTestId('gold-1-provenance')).toContainText('Benefit and harm balance out for this patient.');
    await expect(desk.getByTestId('gold-1')).not.toContainText('Needs adjudication');
  });
});
