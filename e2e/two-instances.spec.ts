import { expect, test } from '@playwright/test';
import { closeDb, joinProject, rateOption, seedCases, seedUser, signIn, type TestUser } from './fixtures';
import { startSecondInstance, type Instance } from './second-instance';

// Two app instances over one database: the suite's server (A, the config's baseURL) and a second
// `next start` (B). Each keeps its own live stream; a save through A reaches B's stream only
// through the database (the ratings trigger's NOTIFY, which every instance LISTENs to).
test.describe('two app instances over one database', () => {
  const slug = `e2e-two-${Date.now().toString(36)}`;
  let coordinator: TestUser;
  let physician: TestUser;
  let instanceB: Instance;

  test.beforeAll(async () => {
    coordinator = await seedUser('COORDINATOR');
    physician = await seedUser('PHYSICIAN', ['Pulm'], 'pulm-two');
    await seedCases(slug, ['Pulm001']);
    await joinProject(slug, coordinator);
    await closeDb();
    instanceB = await startSecondInstance();
  });

  test.afterAll(async () => {
    await instanceB?.stop();
  });

  test('[PHYSICIAN on instance A, COORDINATOR on instance B] a score saved through A shows live on the project page served by B', async ({ browser, baseURL }) => {
    expect(instanceB.baseURL).not.toBe(baseURL);
    const deskContext = await browser.newContext({ baseURL: instanceB.baseURL });
    const desk = await deskContext.newPage();
    await signIn(desk, coordinator);
    await desk.goto(`/projects/${slug}`);
    expect(new URL(desk.url()).origin).toBe(instanceB.baseURL);
    await expect(desk.getByTestId('live-status')).toContainText('Live');
    await expect(desk.getByTestId('ratings-done')).toContainText('0 /');
    // Marks this document: a reload or navigation would drop the mark.
    await desk.evaluate(() => ((window as unknown as { primumSameDocument?: boolean }).primumSameDocument = true));

    const raterContext = await browser.newContext();
    const rater = await raterContext.newPage();
    await signIn(rater, physician);
    await rater.getByRole('link', { name: /Start Pulm001$/ }).click();
    expect(new URL(rater.url()).origin).toBe(baseURL);
    await rateOption(rater, 1, 7);

    await expect(desk.getByTestId('ratings-done')).toContainText('1 /');
    expect(await desk.evaluate(() => (window as unknown as { primumSameDocument?: boolean }).primumSameDocument)).toBe(true);
    await raterContext.close();
    await deskContext.close();
  });
});
