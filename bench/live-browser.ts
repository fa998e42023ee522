/**
 * End-to-end live latency in real browsers at NOHARM scale: a physician saves a score in one
 * Chromium context; the coordinator's open views in another context show it, without a reload.
 * Run: npm run bench:live-browser  (needs Chromium, see README; DATABASE_URL's server or embedded)
 * Measures click -> (a) the project page's live panel shows a newly pushed summary (SSE), (b) the agreement view's
 * "computed from N rating(s)" moves (SSE push + server re-render with the worker's snapshot).
 * Not a test: prints figures for docs/benchmarks.md.
 */
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from '@playwright/test';
import { getDb } from '@/lib/db';
import { createUser } from '@/lib/users/service';
import { findChromium } from '@/test/chromium';
import { freePort } from '@/test/database';
import { buildAppIfNeeded, CHROMIUM_ARGS, runBench, startApp, seedNoharmScale, withBenchDatabase } from './harness';

const SAVES = 15;
const PASSWORD = 'bench-password-123';

async function signIn(page: Page, base: string, email: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/(projects|rate)/);
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms (n=${sorted.length})`;
};

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');
  await buildAppIfNeeded();
  await withBenchDatabase('primum_bench_browser', async (url) => {
    const port = await freePort();
    const app = startApp(url, port);
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      await measure(browser, port);
    } finally {
      await browser.close();
      app.kill('SIGTERM');
    }
  });
}

async function measure(browser: Browser, port: number) {
  await createUser({ actorId: null, input: { email: 'coordinator@bench.invalid', name: 'Bench coordinator', role: 'COORDINATOR', password: PASSWORD } });
  const { projectId } = await seedNoharmScale();
  // One real physician joins a Cardiology case as a fourth rater, to save scores from a browser.
  await createUser({ actorId: null, input: { email: 'physician@bench.invalid', name: 'Bench physician', role: 'PHYSICIAN', password: PASSWORD, specialties: ['Card'] } });
  const physician = await getDb().user.findUniqueOrThrow({ where: { email: 'physician@bench.invalid' } });
  const target = await getDb().case.findFirstOrThrow({ where: { projectId, specialty: { code: 'Card' } }, select: { id: true, externalId: true } });
  await getDb().assignment.create({ data: { caseId: target.id, userId: physician.id } });

  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 60; i += 1) if ((await fetch(`${base}/login`).catch(() => null))?.ok) break; else await new Promise((r) => setTimeout(r, 500));
  const coordinatorContext = await browser.newContext();
  const desk = await coordinatorContext.newPage();
  await signIn(desk, base, 'coordinator@bench.invalid');
  const agreement = await coordinatorContext.newPage();
  await desk.goto(`${base}/projects/bench`);
  await agreement.goto(`${base}/projects/bench/agreement`);
  const rater = await (await browser.newContext()).newPage();
  await signIn(rater, base, 'physician@bench.invalid');
  await rater.goto(`${base}/rate/${target.id}`);

  const progress: number[] = [];
  const view: number[] = [];
  for (let i = 0; i < SAVES; i += 1) {
    const before = await desk.getByTestId('live-panel').getAttribute('data-computed-at');
    const computed = await agreement.getByTestId('agreement-live').textContent();
    const t0 = performance.now();
    await rater.getByTestId(/^option-\d+$/).nth(i).getByRole('radio').nth(i % 9).click();
    await desk.waitForFunction((old) => document.querySelector('[data-testid="live-panel"]')?.getAttribute('data-computed-at') !== old, before, { polling: 10 });
    progress.push(performance.now() - t0);
    await agreement.waitForFunction((old) => document.querySelector('[data-testid="agreement-live"]')?.textContent !== old, computed, { polling: 10 });
    view.push(performance.now() - t0);
  }
  console.log(`click -> project page live panel updated: ${summary(progress)}`);
  console.log(`click -> agreement view re-rendered with new figures: ${summary(view)}`);
}

runBench(main);
