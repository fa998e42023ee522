import { expect, test } from '@playwright/test';
import { closeDb, seedUser, signIn } from './fixtures';

test.describe('site icon', () => {
  test('[ANONYMOUS and COORDINATOR] pages link the icon, it is served, and no request fails (no favicon 404)', async ({ page }) => {
    const coordinator = await seedUser('COORDINATOR');
    await closeDb();
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') failed.push(`console: ${message.text()}`);
    });

    await page.goto('/login');
    await expect(page.locator('link[rel="icon"][type="image/svg+xml"]')).toHaveAttribute('href', /^\/icon\.svg/);
    await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
    await signIn(page, coordinator);
    await page.goto('/projects');

    for (const [url, type] of [['/favicon.ico', /image\/(x-icon|vnd\.microsoft\.icon)/], ['/icon.svg', /image\/svg\+xml/]] as const) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(200);
      expect(response.headers()['content-type'], url).toMatch(type);
    }
    expect(failed).toEqual([]);
  });
});
