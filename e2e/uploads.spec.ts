import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { closeDb, seedUser, type TestUser, signedInPage } from './fixtures';
import { NOHARM_RUBRICS_DIR } from '@/test/noharm';

const SLUG = `e2e-up-${Date.now().toString(36)}`;
const derm = readFileSync(path.join(NOHARM_RUBRICS_DIR, 'Derm001.json'), 'utf8');

test.describe('uploads: every bad file named, nothing imported', () => {
  let coordinator: TestUser;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR', [], 'uploads-coordinator');
    await closeDb();
  });

  test('[COORDINATOR] a .txt, a JSON with a NUL, a lone surrogate and a PNG are each named with the reason; the good file is not imported', async ({ browser }) => {
    const page = await signedInPage(browser, coordinator);
    await page.getByLabel(/Short name/).fill(SLUG);
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByText('No cases yet')).toBeVisible();

    const withNul = JSON.stringify({ ...JSON.parse(derm), id: 'Derm002', note: 'before\u0000after' });
    const withSurrogate = JSON.stringify({ ...JSON.parse(derm), id: 'Derm003' }).replace('"presentation":"', '"presentation":"\\ud800');
    await page.getByLabel(/NOHARM rubric files/).setInputFiles([
      { name: 'Derm001.json', mimeType: 'application/json', buffer: Buffer.from(derm) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Remember to import the cardiology cases.') },
      { name: 'Nul.json', mimeType: 'application/json', buffer: Buffer.from(withNul) },
      { name: 'Surrogate.json', mimeType: 'application/json', buffer: Buffer.from(withSurrogate) },
      { name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]) },
    ]);
    await page.getByRole('button', { name: 'Import' }).click();

    await expect(page.getByTestId('import-message')).toHaveText('Nothing was imported: 4 problem(s) found.');
    await expect(page.getByText('Please correct the highlighted fields')).toHaveCount(0);
    const problems = page.getByTestId('import-problems').getByRole('listitem');
    await expect(problems).toHaveText([
      'notes.txt at $: a .txt file, not a rubric; expected a NOHARM rubric .json file (one per case)',
      'Nul.json at $.note: the text contains a NUL character (\\u0000) at character 7; a rubric holds plain text',
      'Surrogate.json at $.case.presentation: the text contains a lone surrogate (\\ud800) at character 1: not well-formed Unicode text',
      'scan.png at $: a PNG image, not a JSON file; expected a NOHARM rubric JSON file',
    ]);
    // All or nothing: the good file went nowhere either.
    await page.reload();
    await expect(page.getByText('No cases yet')).toBeVisible();
    await expect(page.getByTestId('case-state-Derm001')).toHaveCount(0);
  });

  test('[COORDINATOR] a file over 2 MB is named with its size and the limit before anything is sent; a good file then imports', async ({ browser }) => {
    const page = await signedInPage(browser, coordinator);
    await page.goto(`/projects/${SLUG}`);
    await page.getByLabel(/NOHARM rubric files/).setInputFiles([
      { name: 'Derm001.json', mimeType: 'application/json', buffer: Buffer.from(derm) },
      { name: 'Huge.json', mimeType: 'application/json', buffer: Buffer.alloc(3 * 1024 * 1024, 0x20) },
    ]);
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByTestId('import-message')).toHaveText('Nothing was imported: 1 problem(s) found.');
    // Refused in the browser: the 3 MB never left it (the server would refuse it too, before reading: lib/import/upload.int.test.ts).
    expect(posts).toEqual([]);
    await expect(page.getByTestId('import-problems').getByRole('listitem')).toHaveText(['Huge.json at $: the file is 3 MB; a rubric file may be at most 2 MB']);
    await expect(page.getByText('No cases yet')).toBeVisible();

    await page.getByLabel(/NOHARM rubric files/).setInputFiles([{ name: 'Derm001.json', mimeType: 'application/json', buffer: Buffer.from(derm) }]);
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByTestId('import-message')).toContainText('Imported 1 case(s)');
    expect(posts).toHaveLength(1);
    await expect(page.getByTestId('import-problems')).toHaveCount(0);
  });
});
