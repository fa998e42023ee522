import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { closeDb, rateOption, seedUser, joinProject, signedInPage, type TestUser } from './fixtures';
import { NOHARM_RUBRICS_DIR } from '@/test/noharm';

const RUBRICS = NOHARM_RUBRICS_DIR;

test.describe('access, validation and persistence', () => {
  let coordinator: TestUser;
  let physicians: TestUser[];

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    physicians = [await seedUser('PHYSICIAN', ['Derm']), await seedUser('PHYSICIAN', ['Derm'])];
    await closeDb();
  });

  test('[ANONYMOUS] is sent to sign-in, and a wrong password is refused', async ({ page }) => {
    await page.goto('/projects');
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel('Email').fill(coordinator.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('login-message')).toHaveText('Wrong email or password.');
    const response = await page.request.get('/api/projects/anything/events');
    expect(response.status()).toBe(401);
  });

  test('[COORDINATOR] a bad file among good ones is refused with file and JSON path; nothing is imported', async ({ browser }) => {
    const page = await signedInPage(browser, coordinator);
    await page.getByLabel(/Short name/).fill('e2e-access');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByLabel(/NOHARM rubric files/).setInputFiles([
      { name: 'Derm001.json', mimeType: 'application/json', buffer: readFileSync(path.join(RUBRICS, 'Derm001.json')) },
      { name: 'Broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ id: 'Derm777', case: { presentation: 'x', recommendations: 'y' }, options: [{ id: 1, text: 'a', category: 'Diagnostic', score: 11 }] })) },
    ]);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByTestId('import-message')).toContainText('Nothing was imported: 1 problem(s) found.');
    await expect(page.getByTestId('import-problems')).toContainText('Broken.json at $.options[0].score');
    await expect(page.getByText('No cases yet')).toBeVisible();

    // The good file alone goes in; with two Derm physicians the case waits, visibly.
    await page.getByLabel(/NOHARM rubric files/).setInputFiles([path.join(RUBRICS, 'Derm001.json')]);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByTestId('import-message')).toContainText('Derm001 waits for physicians: 2 of 3.');
    await expect(page.getByTestId('case-state-Derm001')).toContainText('Waiting for physicians (2 of 3)');
  });

  test('[ADJUDICATOR] reviews projects and agreement but cannot import, create or lock', async ({ browser }) => {
    const adjudicator = await seedUser('ADJUDICATOR');
    await joinProject('e2e-access', adjudicator);
    await closeDb();
    const page = await signedInPage(browser, adjudicator);
    await expect(page).toHaveURL(/\/projects$/);
    await expect(page.getByRole('heading', { name: 'Projects' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create project' })).toHaveCount(0);
    await page.getByRole('link', { name: 'E2e access' }).click();
    await expect(page.getByTestId('ratings-done')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Lock/ })).toHaveCount(0);
  });

  test('[COORDINATOR of another project] cannot see this one: its pages, stream and list answer "not found"', async ({ browser }) => {
    const outsider = await seedUser('COORDINATOR', [], 'outsider');
    await closeDb();
    const page = await signedInPage(browser, outsider);
    await page.goto('/projects');
    await expect(page.getByRole('link', { name: 'E2e access' })).toHaveCount(0);
    const sections = ['', '/agreement', '/cases/Derm001', '/adjudication', '/gold', '/people', '/audit'];
    for (const path of sections.map((s) => `/projects/e2e-access${s}`)) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: 'No such project' })).toBeVisible();
    }
    expect((await page.request.get('/api/projects/e2e-access/events')).status()).toBe(404);
    expect((await page.request.get('/api/projects/e2e-access/audit')).status()).toBe(404);
  });

  test('[PHYSICIAN] a saved score survives a reload; coordinator pages are out of reach', async ({ browser }) => {
    const page = await signedInPage(browser, physicians[0]);
    await expect(page).toHaveURL(/\/rate$/);
    await page.getByRole('link', { name: /Start Derm001$/ }).click();
    await expect(page.getByText('Inappropriate: doing it risks severe harm')).toBeVisible();
    await rateOption(page, 1, 7);
    await rateOption(page, 2, 2);
    await page.reload();
    await expect(page.getByTestId('option-1').getByRole('radio', { name: /^7:/ })).toBeChecked();
    await expect(page.getByTestId('option-2').getByRole('radio', { name: /^2:/ })).toBeChecked();
    await expect(page.getByTestId('rated-count')).toHaveText(/^2 of \d+ rated$/);

    await page.goto('/projects');
    await expect(page).toHaveURL(/\/refused\?for=/);
    await expect(page.getByTestId('refused-reason')).toHaveText("Coordinators' and adjudicators' pages: your role (physician) does not open them.");
    await page.getByRole('link', { name: 'Go to my cases' }).click();
    await expect(page).toHaveURL(/\/rate$/);
    await expect(page.getByRole('heading', { name: 'My cases' })).toBeVisible();
    const events = await page.request.get('/api/projects/e2e-access/events');
    expect(events.status()).toBe(403);
  });
});
