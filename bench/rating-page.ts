/**
 * The rating page of the largest open NOHARM case (Pulm005, 47 options) in Chromium against the
 * production server: its HTML size (raw and gzip, as sent) and the time from navigation start
 * until the page is interactive (hydrated: the first option without a score holds the keyboard
 * focus, so a digit press scores it), then until a first digit press shows "Saved".
 * Run: npm run bench:rating-page  (needs Chromium; DATABASE_URL's server or embedded)
 * Not a test: prints figures for docs/benchmarks.md.
 */
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { getDb } from '@/lib/db';
import { importRubrics } from '@/lib/import/service';
import { createUser } from '@/lib/users/service';
import { findChromium } from '@/test/chromium';
import { freePort } from '@/test/database';
import { noharmFile } from '@/test/noharm';
import { buildAppIfNeeded, CHROMIUM_ARGS, runBench, startApp, withBenchDatabase } from './harness';

const RUNS = 15;
const PASSWORD = 'bench-password-123';

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (n=${sorted.length})`;
};

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');
  await buildAppIfNeeded();
  await withBenchDatabase('primum_bench_page', async (url) => {
    for (let i = 1; i <= 3; i += 1) {
      await createUser({ actorId: null, input: { email: `pulm${i}@bench.invalid`, name: `Bench pulmonologist ${i}`, role: 'PHYSICIAN', password: PASSWORD, specialties: ['Pulm'] } });
    }
    await importRubrics({ actorId: null, project: { slug: 'bench' }, files: [noharmFile('Pulm005')] });
    const target = await getDb().case.findFirstOrThrow({ where: { externalId: 'Pulm005' }, select: { id: true, _count: { select: { options: true } } } });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = startApp(url, port);
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      for (let i = 0; i < 60; i += 1) if ((await fetch(`${base}/login`).catch(() => null))?.ok) break; else await new Promise((r) => setTimeout(r, 500));
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/login`);
      await page.getByLabel('Email').fill('pulm1@bench.invalid');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/rate/);

      const caseUrl = `${base}/rate/${target.id}`;
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const raw = await (await fetch(caseUrl, { headers: { cookie } })).text();
      const wire = await fetch(caseUrl, { headers: { cookie, 'accept-encoding': 'gzip' } });
      console.log(`rating page of Pulm005 (${target._count.options} options): HTML ${(raw.length / 1024).toFixed(1)} KB raw, ${(gzipSync(raw).length / 1024).toFixed(1)} KB gzip (server sends content-encoding: ${wire.headers.get('content-encoding') ?? 'none'})`);

      const served: number[] = [];
      const loaded: number[] = [];
      const interactive: number[] = [];
      const firstSave: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        await page.goto(caseUrl);
        await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.row !== undefined, undefined, { polling: 'raf' });
        interactive.push(await page.evaluate(() => performance.now()));
        const timing = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return { served: nav.responseEnd, loaded: nav.domContentLoadedEventEnd };
        });
        served.push(timing.served);
        loaded.push(timing.loaded);
        // Score the focused option and wait until the server confirmed it.
        const focused = await page.evaluate(() => Number((document.activeElement as HTMLElement).dataset.row));
        await page.keyboard.press(String((run % 9) + 1));
        await page.getByTestId(/^option-\d+-status$/).nth(focused).filter({ hasText: 'Saved' }).waitFor();
        firstSave.push(await page.evaluate(() => performance.now()));
      }
      console.log(`navigation start -> HTML received (server time included): ${stats(served)}`);
      console.log(`navigation start -> DOMContentLoaded: ${stats(loaded)}`);
      console.log(`navigation start -> interactive (focused option holds the keyboard focus): ${stats(interactive)}`);
      console.log(`navigation start -> first digit press saved and confirmed: ${stats(firstSave)}`);
    } finally {
      await browser.close();
      app.kill('SIGTERM');
    }
  });
}

runBench(main);
