import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { closeDb, joinProject, rateOption, seedCases, seedRatings, seedUser, signedInPage, type TestUser } from './fixtures';

test.describe('coordinator overview: progress, case table and audit', () => {
  const slug = `e2e-prog-${Date.now().toString(36)}`;
  let coordinator: TestUser;
  let pulm: TestUser[];
  let pulmOptions = 0;
  let seeded = 0;
  let spare: TestUser;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    pulm = [await seedUser('PHYSICIAN', ['Pulm'], 'pulm-1'), await seedUser('PHYSICIAN', ['Pulm'], 'pulm-2'), await seedUser('PHYSICIAN', ['Pulm'], 'pulm-3')];
    // Two Endo physicians for a panel of three: Endo002 waits for one more.
    await seedUser('PHYSICIAN', ['Endo'], 'endo-1');
    await seedUser('PHYSICIAN', ['Endo'], 'endo-2');
    await seedCases(slug, ['Pulm001', 'Pulm005', 'Endo002']);
    await joinProject(slug, coordinator);
    seeded = await seedRatings(pulm[0], slug, 'Pulm001', (i) => (i % 9) + 1);
    const { getDb } = await import('@/lib/db');
    pulmOptions = await getDb().option.count({ where: { case: { project: { slug }, externalId: { startsWith: 'Pulm' } } } });
    // A fourth Pulm physician, free to take over stalled work (the panels were filled before).
    spare = await seedUser('PHYSICIAN', ['Pulm'], 'pulm-spare');
    await closeDb();
  });

  test('[COORDINATOR] sees progress per specialty, the ratings-per-day chart, live updates, a sortable and filterable case table, and the audit history with its CSV', async ({ browser }) => {
    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${slug}`);
    await expect(desk.getByTestId('live-status')).toContainText('Live');

    // Per specialty: done / expected (3 raters per option), and the panel that cannot be filled.
    await expect(desk.getByTestId('specialty-done-Pulm')).toHaveText(`${seeded} / ${pulmOptions * 3}`);
    await expect(desk.getByTestId('people-needed')).toContainText('1 more physician');
    // The chart prints its numbers on the bars; today's bar holds every rating so far.
    const chart = desk.getByTestId('ratings-per-day');
    await expect(chart.locator('[data-testid="ratings-per-day-bar"]').last()).toHaveAttribute('data-value', String(seeded));
    await expect(chart.locator('svg text').filter({ hasText: new RegExp(`^${seeded}$`) })).toHaveCount(1);
    await expect(chart.getByRole('img')).toHaveAttribute('aria-label', new RegExp(`Ratings per day.*${seeded}`));
    await expect(desk.getByTestId('finish-estimate')).toContainText(
      `${seeded} ratings over the 1 calendar day since the first rating (today included, days without ratings counted too): ${seeded >= 10 ? seeded : seeded.toFixed(1)} ratings/day`,
    );

    // The case table: no rating yet is "Not started", not "Being rated".
    await expect(desk.getByTestId('case-state-Pulm005')).toHaveText('Not started');
    await expect(desk.getByTestId('case-state-Pulm001')).toHaveText('Being rated');
    await expect(desk.getByTestId('case-state-Endo002')).toContainText('Waiting for physicians (2 of 3)');

    // A physician rates in another browser: the overview follows without a reload.
    const rater = await signedInPage(browser, pulm[1]);
    await rater.getByRole('link', { name: /Start Pulm001$/ }).click();
    await rateOption(rater, 1, 6);
    await expect(desk.getByTestId('specialty-done-Pulm')).toHaveText(`${seeded + 1} / ${pulmOptions * 3}`);
    await expect(desk.getByTestId('ratings-done')).toContainText(`${seeded + 1} /`);
    await expect(desk.getByTestId('ratings-per-day').locator('[data-testid="ratings-per-day-bar"]').last()).toHaveAttribute('data-value', String(seeded + 1));

    // Sorting: by case, descending; by state, ascending (waiting first).
    const table = desk.getByTestId('cases-table');
    const firstCase = () => table.locator('tbody tr').first().locator('td').first();
    await expect(firstCase()).toHaveText('Endo002');
    const caseHeader = table.getByRole('columnheader', { name: /Case/ });
    await expect(caseHeader).toHaveAttribute('aria-sort', 'ascending');
    await table.getByRole('button', { name: /^Case/ }).click();
    await expect(caseHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(firstCase()).toHaveText('Pulm005');
    await table.getByRole('button', { name: /^State/ }).click();
    await expect(table.getByRole('columnheader', { name: /State/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect(firstCase()).toHaveText('Endo002');
    // Filtering by state and by text.
    const filters = desk.getByRole('search', { name: 'Filter cases' });
    await filters.getByLabel('State').selectOption('not-started');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(firstCase()).toHaveText('Pulm005');
    await filters.getByLabel('State').selectOption('');
    await filters.getByLabel('Case or physician').fill('pulm001');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await expect(firstCase()).toHaveText('Pulm001');
    await expect(desk.getByTestId('cases-count')).toHaveText('1 of 3 cases');

    // The physician changes a score: the audit page shows old -> new and who.
    await rateOption(rater, 1, 3);
    await desk.goto(`/projects/${slug}/audit?action=rating`);
    const row = desk.getByTestId('audit-row').first();
    await expect(row).toHaveAttribute('data-action', 'rating.change');
    await expect(row.getByTestId('audit-change')).toHaveText(/^6\s*→\s*3$/);
    await expect(row).toContainText(pulm[1].name);
    await expect(row).toContainText('Pulm001 option 1');

    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('link', { name: 'Download these rows as CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('at_utc,actor,actor_id,action,entity_type,entity_id,subject,old,new,details');
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,E2E pulm-2,[^,]+,rating\.change,rating,[^,]+,"Pulm001 option 1, rating of E2E pulm-2",6,3,/);
    // Only rating rows (the filter carries over to the CSV).
    expect(lines.slice(1, -1).every((l) => /^[^,]+,[^,]*,[^,]*,rating\./.test(l))).toBe(true);
  });

  test('[COORDINATOR] reassigns a stalled assignment with one click and is told who got the case', async ({ browser }) => {
    const { getDb } = await import('@/lib/db');
    const db = getDb();
    // pulm-3 was given Pulm005 ten days ago and has not rated it: not started, stalled after 7 days.
    const user = await db.user.findUniqueOrThrow({ where: { email: pulm[2].email }, select: { id: true } });
    const assignment = await db.assignment.findFirstOrThrow({ where: { userId: user.id, case: { externalId: 'Pulm005', project: { slug } } }, select: { id: true } });
    await db.$executeRaw`UPDATE assignments SET assigned_at = now() - interval '10 days' WHERE id = ${assignment.id}`;
    await closeDb();

    const desk = await signedInPage(browser, coordinator);
    await desk.goto(`/projects/${slug}`);
    const stalled = desk.getByTestId('stalled');
    const row = stalled.getByTestId('stalled-row').filter({ hasText: pulm[2].name });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Pulm005');
    await expect(row).toContainText('not started since assigned');
    await expect(row.locator('td').nth(3)).toHaveText('10');
    await row.getByRole('button', { name: 'Reassign Pulm005' }).click();
    await expect(desk.getByTestId('reassign-message')).toHaveText(`Pulm005: taken back from ${pulm[2].name} and given to ${spare.name}.`);
    await expect(stalled.getByTestId('stalled-row')).toHaveCount(0);
    await expect(desk.getByTestId('case-Pulm005')).toContainText(spare.name);
    await expect(desk.getByTestId('case-Pulm005')).not.toContainText(pulm[2].name);

    // The physician's home page says where the case went, without calling it their own decline.
    const rater = await signedInPage(browser, pulm[2]);
    await expect(rater.getByTestId('removed-Pulm005')).toContainText('handed to another rater by the coordinators');
    await expect(rater.getByTestId('removed-Pulm005')).not.toContainText('you declined');
  });
});
