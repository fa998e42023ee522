import { expect, test, type Page } from '@playwright/test';
import { closeDb, PASSWORD, seedUser, type TestUser } from './fixtures';

async function attempt(page: Page, email: string, password: string): Promise<string> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const message = page.getByTestId('login-message');
  await expect(message).not.toBeEmpty();
  return (await message.textContent()) ?? '';
}

test.describe('sign-in throttling', () => {
  let target: TestUser;
  let bystander: TestUser;

  test.beforeAll(async () => {
    target = await seedUser('COORDINATOR', [], 'throttled');
    bystander = await seedUser('COORDINATOR', [], 'bystander');
  });

  test.afterAll(async () => {
    await closeDb();
  });

  test('[ANONYMOUS] after 10 wrong passwords an account is refused even with the right one, says when to retry, and unknown accounts answer alike', async ({ page }) => {
    for (let i = 0; i < 9; i += 1) expect(await attempt(page, target.email, `wrong-${i}`)).toBe('Wrong email or password.');
    // The 10th failure is checked like the others, and its answer already says the account waits.
    expect(await attempt(page, target.email, 'wrong-9')).toMatch(/^Too many failed sign-ins\./);
    const refused = await attempt(page, target.email, PASSWORD);
    expect(refused).toMatch(/^Too many failed sign-ins\. For your account's safety, try again in 15 minutes \(at \d\d:\d\d UTC\)\.$/);
    await expect(page).toHaveURL(/\/login$/);

    // Another account from the same address is not affected.
    await page.goto('/login');
    await page.getByLabel('Email').fill(bystander.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('signed-in-as')).toContainText(bystander.name);
    await page.context().clearCookies();

    // An address that does not exist behaves exactly like a real one: no enumeration.
    const ghost = `nobody-${Date.now()}@e2e.primum.invalid`;
    for (let i = 0; i < 9; i += 1) expect(await attempt(page, ghost, `wrong-${i}`)).toBe('Wrong email or password.');
    expect(await attempt(page, ghost, 'wrong-9')).toMatch(/^Too many failed sign-ins\./);
    expect(await attempt(page, ghost, PASSWORD)).toMatch(/^Too many failed sign-ins\./);
  });
});
