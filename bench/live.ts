/**
 * Live-update benchmark at NOHARM scale (100 cases, 4,249 options, 12,747 ratings, 29+ raters) on a
 * real PostgreSQL. Run: npm run bench:live  (uses DATABASE_URL's server if set, else an embedded one)
 * Measures, server side:
 *  1. rating saved (submitRating returns, i.e. committed) -> the coordinator's SSE stream emits the
 *     updated summary (NOTIFY -> LISTEN -> recompute -> bytes on the stream);
 *  2. the agreement view snapshot (all coefficients, breakdowns, B=1000) computed in the worker
 *     thread, and the event-loop delay meanwhile, against the same computation in-process.
 * Not a test: it prints figures for docs/benchmarks.md.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { computeInWorker, getAgreementView, loadRows } from '@/lib/agreement-view/service';
import { computeSnapshot } from '@/lib/agreement-view/snapshot';
import { getDb } from '@/lib/db';
import { onProjectRatingChange } from '@/lib/live/rating-events';
import { sseResponse } from '@/lib/live/sse';
import { getLiveSummary } from '@/lib/projects/overview';
import { submitRating } from '@/lib/ratings/service';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import { runBench, seedNoharmScale, withBenchDatabase } from './harness';

const SAVES = 40;

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
    for (let i = 0; i < SAVES; i += 1) {
      const option = assignment.case.options[i % assignment.case.options.length];
      const score = (i % 9) + 1;
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
  });
}

runBench(main);
