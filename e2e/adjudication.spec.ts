import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { closeDb, joinProject, seedCases, seedRatings, seedUser, signedInPage, type TestUser } from './fixtures';

const SLUG = `e2e-adj-${Date.now().toString(36)}`;
const CASE = 'Heme010';

async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('adjudication', () => {
  let coordinator: TestUser;
  let adjudicator: TestUser;
  let physicians: TestUser[];
  let splitOptionId: string;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    adjudicator = await seedUser('ADJUDICATOR');
    physicians = [await seedUser('PHYSICIAN', ['Heme'], 'heme-1'), await seedUser('PHYSICIAN', ['Heme'], 'heme-2'), await seedUser('PHYSICIAN', ['Heme'], 'heme-3')];
    await seedCases(SLUG, [CASE]);
    await joinProject(SLUG, coordinator, adjudicator);
    // Option 1 splits the panel 1/5/9 (RAND/UCLA disagreement); every other option is a unanimous 7.
    const split = [1, 5, 9];
    for (const [r, physician] of physicians.entries()) await seedRatings(physician, SLUG, CASE, (i) => (i === 0 ? split[r] : 7));
    const { getDb } = await import('@/lib/db');
    splitOptionId = (await getDb().option.findFirstOrThrow({ where: { number: 1, case: { externalId: CASE, project: { slug: SLUG } } }, select: { id: true } })).id;
    await closeDb();
  });

  test('[ADJUDICATOR] resolves a split by keyboard while the coordinator sees the gold label change live', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    // The case is fully rated but its split option awaits adjudication: the lock form holds it back and says why.
    await desk.goto(`/projects/${SLUG}/releases`);
    await expect(desk.getByTestId('lock-missing')).toContainText(`${CASE}: 1 option awaits adjudication`);
    await expect(desk.getByRole('button', { name: 'Lock 0 case(s) as v1' })).toBeDisabled();
    await desk.goto(`/projects/${SLUG}/cases/${CASE}`);
    await expect(desk.getByTestId('case-live')).toContainText('Live');
    await expect(desk.getByTestId('gold-1-score')).toHaveText('Gold 5');
    await expect(desk.getByTestId('gold-1')).toContainText('Needs adjudication');
    await expect(desk.getByTestId('gold-2')).toContainText('Gold 7 · appropriate · mild (harm of omitting it) · unanimous');

    const judge = await signedInPage(browser, adjudicator);
    await judge.goto(`/projects/${SLUG}/adjudication`);
    const items = judge.getByTestId('queue-item');
    await expect(items).toHaveCount(1);
    expect(await seriousViolations(judge), 'queue').toEqual([]);
    await expect(items.first()).toContainText('1 · 5 · 9');
    await expect(items.first()).toContainText('small panel: a rating in 1-3 and one in 7-9');
    await items.first().getByRole('link').focus();
    await judge.keyboard.press('Enter');
    await expect(judge.getByRole('heading', { level: 1 })).toHaveText(`Case ${CASE}, option 1`);
    // Raters are blinded by default: letters, not names.
    await expect(judge.getByTestId('adjudication-rater')).toHaveText([/Rater A\s*1/, /Rater B\s*5/, /Rater C\s*9/]);
    await expect(judge.locator('body')).not.toContainText('E2E heme-1');
    expect(await seriousViolations(judge), 'adjudication screen').toEqual([]);

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
    // Adjudicated, the case is ready to lock (not locked here: the next test answers in its thread).
    await desk.goto(`/projects/${SLUG}/releases`);
    await expect(desk.getByRole('button', { name: 'Lock 1 case(s) as v1' })).toBeEnabled();
    await expect(desk.getByTestId('lock-missing')).toHaveCount(0);
  });

  test('[COORDINATOR] answers a rater in the thread (only that rater sees it) and previews a gold rule before saving it', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${SLUG}/cases/${CASE}`);
    const row = desk.locator('#option-1');
    await row.getByText(/^Thread \(/).click();
    await row.getByLabel('Reply to').selectOption({ label: 'E2E heme-1 (Rater A)' });
    await row.getByLabel('Reply', { exact: true }).fill('Thanks: the adjudication explains the final score.');
    await row.getByRole('button', { name: 'Send reply' }).click();
    await expect(row.getByTestId('thread-1')).toContainText('replied to E2E heme-1 (Rater A)');

    const first = await signedInPage(browser, physicians[0]);
    await first.getByRole('link', { name: new RegExp(`${CASE}$`) }).click();
    await expect(first.getByTestId('option-1-replies')).toContainText('Thanks: the adjudication explains the final score.');
    const second = await signedInPage(browser, physicians[1]);
    await second.getByRole('link', { name: new RegExp(`${CASE}$`) }).click();
    await expect(second.getByTestId('option-1')).toBeVisible();
    await expect(second.getByTestId('option-1-replies')).toHaveCount(0);
    expect(await second.content()).not.toContain('the adjudication explains');

    await desk.goto(`/projects/${SLUG}/gold`);
    const crossZone = desk.getByTestId('preview-Needs adjudication: ratings in different zones');
    await expect(crossZone).toHaveText('0');
    await desk.getByLabel(/any two ratings in different zones/).check();
    await expect(crossZone).toHaveText('1');
    expect(await seriousViolations(desk), 'gold rule page').toEqual([]);
    await desk.getByRole('button', { name: 'Save this rule' }).click();
    await expect(desk.getByTestId('gold-rule-message')).toContainText('Gold rule saved');
    await expect(desk.getByTestId('gold-rule-current')).toContainText('adjudication: randUcla, crossZone');
  });

  test('[COORDINATOR of another project] gets "not found" for the queue, an option to adjudicate and the gold rule', async ({ browser }) => {
    const outsider = await seedUser('COORDINATOR', [], 'adj-outsider');
    await closeDb();
    const page = await signedInPage(browser, outsider);
    for (const path of [`/projects/${SLUG}/adjudication`, `/projects/${SLUG}/adjudication/${splitOptionId}`, `/projects/${SLUG}/gold`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'No such project' })).toBeVisible();
    }
  });
});
