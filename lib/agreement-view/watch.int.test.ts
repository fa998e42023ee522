import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/lib/db';
import { onProjectRatingChange, stopRatingEvents } from '@/lib/live/rating-events';
import { getAgreementView, RECOMPUTE_INTERVAL_MS, watchAgreementView } from '@/lib/agreement-view/service';
import { submitRating } from '@/lib/ratings/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

// Every snapshot computation is one message to the agreement worker thread, carrying its rows.
const posted = vi.spyOn(Worker.prototype, 'postMessage');
const computations = () => posted.mock.calls.length;
const rowsOfLastComputation = () => (posted.mock.calls.at(-1)?.[0] as { rows: unknown[] }).rows.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('agreement snapshot recomputation follows its watchers (real PostgreSQL, worker thread)', () => {
  afterAll(() => stopRatingEvents());

  it('[COORDINATOR] recomputes only while an agreement view is open, at a bounded rate, and not after it closes', async () => {
    const raters = [await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm'])];
    await importNoharm('watched', ['Pulm001', 'Pulm005']);
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'watched' } })).id;
    const options = [...(await optionsOf('Pulm001', 'watched')), ...(await optionsOf('Pulm005', 'watched'))];
    expect(options.length).toBeGreaterThanOrEqual(60);
    const heard: string[] = [];
    const stopHearing = await onProjectRatingChange(projectId, () => heard.push(projectId));
    // Each call rates the next options, one new rating each, round-robin over the three raters.
    let next = 0;
    const rate = async (count: number) => {
      for (let i = 0; i < count; i += 1, next += 1) await submitRating({ user: raters[next % 3], optionId: options[Math.floor(next / 3)].id, score: (next % 9) + 1 });
    };
    // Every notification delivered, then time for any recomputation it causes to start: a
    // scheduled one starts within one interval (the code before this fix: 20 ms after it).
    const settle = async () => {
      await expect.poll(() => heard.length, { timeout: 10_000 }).toBe(next);
      await sleep(2000);
    };

    // A page request computes once.
    await rate(3);
    await settle();
    const first = await getAgreementView({ slug: 'watched' });
    expect(first.snapshot.overall.ratings).toBe(3);
    expect(computations()).toBe(1);

    // Nobody watching: saves cause no recomputation at all (the old code recomputed after each one).
    await rate(10);
    await settle();
    expect(computations()).toBe(1);

    // One open view: a burst of 45 saves is coalesced into a few runs, one started per interval at
    // most, and the last run covers every rating, so the view's refresh finds it ready.
    const release = watchAgreementView(projectId);
    const before = computations();
    const started = performance.now();
    await rate(45);
    await expect.poll(() => computations() > before && rowsOfLastComputation() === next, { timeout: 20_000 }).toBe(true);
    const elapsed = performance.now() - started;
    const burst = computations() - before;
    expect(burst).toBeGreaterThanOrEqual(1);
    expect(burst).toBeLessThanOrEqual(Math.ceil(elapsed / RECOMPUTE_INTERVAL_MS) + 1);
    expect(burst).toBeLessThan(45);
    await settle();
    expect(computations() - before).toBe(burst);
    const watched = await getAgreementView({ slug: 'watched' });
    expect(watched.snapshot.overall.ratings).toBe(next);
    expect(computations() - before).toBe(burst);

    // The view closes: no more recomputation; the next page request computes afresh.
    release();
    release();
    const after = computations();
    await rate(10);
    await settle();
    expect(computations()).toBe(after);
    const fresh = await getAgreementView({ slug: 'watched' });
    expect(fresh.snapshot.overall.ratings).toBe(next);
    expect(computations()).toBe(after + 1);
    stopHearing();
  });

  it('[COORDINATOR] page requests arriving together share one computation', async () => {
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'watched' } })).id;
    const rater = await getDb().user.findFirstOrThrow({ where: { assignments: { some: { case: { projectId } } } }, select: { id: true } });
    const [option] = await optionsOf('Pulm005', 'watched');
    await submitRating({ user: rater, optionId: option.id, score: 5 });
    const before = computations();
    const views = await Promise.all([1, 2, 3, 4].map(() => getAgreementView({ slug: 'watched' })));
    expect(computations() - before).toBe(1);
    expect(new Set(views.map((v) => v.snapshot.overall.ratings)).size).toBe(1);
  });
});
