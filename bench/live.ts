/**
 * Live-update benchmark at NOHARM scale (100 cases, 4,249 options, 12,747 ratings, 29+ raters) on a
 * real PostgreSQL. Run: npm run bench:live  (uses DATABASE_URL's server if set, else an embedded one)
 * Measures, server side:
 *  1. rating saved (submitRating returns, i.e. committed) -> the coordinator's SSE stream emits the
 *     updated summary (NOTIFY -> LISTEN -> recompute -> bytes on the stream);
 *  2. the agreement view snapshot (all coefficients, breakdowns, B=1000) computed in the worker
 *     thread, and the event-loop delay meanwhile, against the same computation in-process;
 *  3. saves under load (in-process, no HTTP): a save every 30 ms with the agreement page never
 *     opened, opened once and closed, and open (its stream watching); then 4 clients saving
 *     back-to-back with the live stream open: save latency, agreement snapshots computed, and the
 *     longest gap between two live summaries.
 * Not a test: it prints figures for docs/benchmarks.md.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as agreementView from '@/lib/agreement-view/service';
import { computeSnapshot } from '@/lib/agreement-view/snapshot';
import { getDb } from '@/lib/db';
import { onProjectRatingChange } from '@/lib/live/rating-events';
import { sseResponse } from '@/lib/live/sse';
import { getLiveSummary } from '@/lib/projects/overview';
import { submitRating } from '@/lib/ratings/service';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import { runBench, seedNoharmScale, withBenchDatabase } from './harness';

const { computeInWorker, getAgreementView, loadRows } = agreementView;
const SAVES = 40;
const PHASE_MS = 5000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

async function main() {
  await withBenchDatabase('primum_bench', async () => {
    const { projectId } = await seedNoharmScale();

    // 1. Save -> SSE event.
    const controller = new AbortController();
    const response = sseResponse({ signal: controller.signal, event: 'summary', produce: () => getLiveSummary(projectId), subscribe: (trigger) => onProjectRatingChange(projectId, trigger) });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const nextSummary = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) return JSON.parse(data.slice(6));
          continue;
        }
        const { value } = await reader.read();
        buffer += decoder.decode(value, { stream: true });
      }
    };
    await nextSummary();
    const assignment = await getDb().assignment.findFirstOrThrow({ where: { case: { projectId } }, select: { user: { select: { id: true, email: true, name: true, role: true, isSimulated: true } }, case: { select: { options: { select: { id: true }, take: SAVES } } } } });
    const latencies: number[] = [];
    const scores = await currentScores(assignment.user.id);
    for (let i = 0; i < SAVES; i += 1) {
      const option = assignment.case.options[i % assignment.case.options.length];
      // A real change each time: saving the score an option already has writes (and announces) nothing.
      const score = ((scores.get(option.id) ?? 0) % 9) + 1;
      scores.set(option.id, score);
      await submitRating({ user: assignment.user, optionId: option.id, score });
      const saved = performance.now();
      await nextSummary();
      latencies.push(performance.now() - saved);
    }
    controller.abort();
    latencies.sort((a, b) => a - b);
    console.log(`save -> SSE summary (${SAVES} saves, 100 ms debounce included): p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms`);

    // 2. Agreement snapshot: worker thread (cold: every group; after one change: its groups only)
    //    vs in-process, and the event loop meanwhile.
    const rows = await loadRows(projectId);
    await computeInWorker(rows, 'warm-up');
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const timed = async (work: () => Promise<unknown> | unknown) => {
      const t = performance.now();
      await work();
      return performance.now() - t;
    };
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const cold: number[] = [];
    for (let i = 0; i < 3; i += 1) cold.push(await timed(() => computeInWorker(rows, `cold-${i}`)));
    loop.disable();
    await computeInWorker(rows, 'incremental');
    const incremental: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const changed = rows.map((r, at) => (at === i * 101 ? { ...r, score: (r.score % 9) + 1 } : r));
      incremental.push(await timed(() => computeInWorker(changed, 'incremental')));
    }
    const inline: number[] = [];
    for (let i = 0; i < 3; i += 1) inline.push(await timed(() => computeSnapshot(rows, { domain: SCALE_DOMAIN, bootstrap: 1000, seed: 1 })));
    console.log(`agreement snapshot of ${rows.length} ratings (all coefficients, 115 groups, B=1000) in the worker: cold ${median(cold).toFixed(0)} ms (median of 3), after one changed rating ${median(incremental).toFixed(0)} ms (median of 5); cold in-process ${median(inline).toFixed(0)} ms`);
    console.log(`event-loop delay during the cold worker runs: max ${(loop.max / 1e6).toFixed(1)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms (in-process, the loop would be blocked ~${median(inline).toFixed(0)} ms)`);

    const t = performance.now();
    await getAgreementView({ slug: 'bench' });
    console.log(`getAgreementView after a change (DB load + worker + labels): ${(performance.now() - t).toFixed(0)} ms`);

    await underLoad(projectId);
  });
}

type Saver = { user: { id: string }; options: string[]; scores: Map<string, number> };

async function currentScores(userId: string): Promise<Map<string, number>> {
  const ratings = await getDb().rating.findMany({ where: { userId }, select: { optionId: true, score: true } });
  return new Map(ratings.map((r) => [r.optionId, r.score]));
}

/** 3. Saves under load; counts agreement snapshots by the messages sent to the worker thread. */
async function underLoad(projectId: string) {
  let computations = 0;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
    computations += 1;
    return post.apply(this, args);
  };
  const assignments = await getDb().assignment.findMany({ where: { case: { projectId } }, take: 4, select: { userId: true, case: { select: { options: { select: { id: true } } } } } });
  const savers: Saver[] = await Promise.all(assignments.map(async (a) => ({ user: { id: a.userId }, options: a.case.options.map((o) => o.id), scores: await currentScores(a.userId) })));
  let n = 0;
  let firstCommit = 0;
  const save = async (saver: Saver, latencies: number[]) => {
    n += 1;
    const optionId = saver.options[n % saver.options.length];
    const score = ((saver.scores.get(optionId) ?? 0) % 9) + 1;
    saver.scores.set(optionId, score);
    const t = performance.now();
    await submitRating({ user: saver.user, optionId, score });
    latencies.push(performance.now() - t);
    firstCommit ||= performance.now();
  };
  const report = (label: string, latencies: number[], elapsed: number, counted: number) => {
    latencies.sort((a, b) => a - b);
    return `${label}: ${latencies.length} saves, ${((latencies.length / elapsed) * 1000).toFixed(0)}/s, p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms; agreement snapshots computed ${counted}`;
  };
  const paced = async (label: string) => {
    const latencies: number[] = [];
    const before = computations;
    const started = performance.now();
    for (let i = 0; performance.now() - started < PHASE_MS && i < PHASE_MS / 30; i += 1) {
      const next = started + (i + 1) * 30;
      await save(savers[0], latencies);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    }
    const elapsed = performance.now() - started;
    const counted = computations - before;
    const t = performance.now();
    await getAgreementView({ slug: 'bench' });
    console.log(`${report(label, latencies, elapsed, counted)}; then the page: ${(performance.now() - t).toFixed(0)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  };

  await paced('paced, 1 save / 30 ms, agreement page opened once and closed');
  const watch = (agreementView as { watchAgreementView?: (id: string) => () => void }).watchAgreementView;
  if (watch) {
    const release = watch(projectId);
    await paced('paced, 1 save / 30 ms, an agreement view open (its stream watching)');
    release();
  }

  // Burst: 4 clients back-to-back, live stream open; the longest silence between summaries.
  const controller = new AbortController();
  const summaries: number[] = [];
  const response = sseResponse({ signal: controller.signal, event: 'summary', produce: () => getLiveSummary(projectId), subscribe: (trigger) => onProjectRatingChange(projectId, trigger) });
  const reader = response.body!.getReader();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      if (new TextDecoder().decode(value).includes('event: summary')) summaries.push(performance.now());
    }
  })();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const latencies: number[] = [];
  const before = computations;
  const started = performance.now();
  summaries.length = 0;
  firstCommit = 0;
  await Promise.all(savers.map(async (saver) => {
    for (let i = 0; i < 5000 && performance.now() - started < PHASE_MS; i += 1) await save(saver, latencies);
  }));
  const ended = performance.now();
  controller.abort();
  // Silence is measured from the first committed save (before it there is nothing to report).
  const marks = [firstCommit, ...summaries.filter((at) => at > firstCommit && at <= ended), ended];
  const gaps = marks.slice(1).map((at, i) => at - marks[i]);
  console.log(`${report(`burst, ${savers.length} clients back-to-back, live stream open`, latencies, ended - started, computations - before)}; live summaries during the burst ${marks.length - 2}, longest silence after the first commit ${Math.max(...gaps).toFixed(0)} ms (gaps: ${gaps.map((g) => g.toFixed(0)).join(' ')})`);
  Worker.prototype.postMessage = post;
}

runBench(main);
