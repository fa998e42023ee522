import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRefresher } from '@/lib/agreement-view/watch';

const EVERY = '*';

/** A refresher whose recomputations take `computeMs` (fake time) and are recorded. */
function setUp(computeMs: number) {
  let emit: (projectId: string) => void = () => {};
  const subscribed = { count: 0, active: 0 };
  const started: Array<{ projectId: string; at: number }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const refresher = createRefresher({
    minIntervalMs: 500,
    everyProject: EVERY,
    subscribe: async (onChange) => {
      emit = onChange;
      subscribed.count += 1;
      subscribed.active += 1;
      return () => {
        subscribed.active -= 1;
        emit = () => {};
      };
    },
    recompute: async (projectId) => {
      started.push({ projectId, at: Date.now() });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, computeMs));
      inFlight -= 1;
    },
  });
  return { refresher, emit: (id: string) => emit(id), started, subscribed, maxInFlight: () => maxInFlight };
}

describe('agreement refresher (who watches decides what is recomputed)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does not listen, nor recompute, while nobody watches', async () => {
    const { refresher, emit, started, subscribed } = setUp(100);
    emit('p1');
    await vi.advanceTimersByTimeAsync(5000);
    expect(started).toEqual([]);
    expect(subscribed.count).toBe(0);
    expect(refresher.watched()).toEqual([]);
  });

  it('recomputes a watched project at once, then at most one run in flight and one start per 500 ms under a change every 20 ms', async () => {
    const { refresher, emit, started, maxInFlight } = setUp(700);
    const release = refresher.watch('p1');
    await vi.advanceTimersByTimeAsync(0);
    const t0 = Date.now();
    for (let t = 0; t < 5000; t += 20) {
      emit('p1');
      emit('other');
      await vi.advanceTimersByTimeAsync(20);
    }
    expect(started[0]).toEqual({ projectId: 'p1', at: t0 });
    expect(started.every((s) => s.projectId === 'p1')).toBe(true);
    expect(maxInFlight()).toBe(1);
    const gaps = started.slice(1).map((s, i) => s.at - started[i].at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(700);
    // ... and the changes meanwhile are not dropped: the next run starts as soon as one ends.
    expect(Math.max(...gaps)).toBe(700);
    release();
  });

  it('coalesces the changes during a run into one follow-up, no sooner than 500 ms after the last start', async () => {
    const { refresher, emit, started } = setUp(100);
    refresher.watch('p1');
    await vi.advanceTimersByTimeAsync(0);
    const t0 = Date.now();
    for (let i = 0; i < 5; i += 1) {
      emit('p1');
      await vi.advanceTimersByTimeAsync(10);
    }
    await vi.advanceTimersByTimeAsync(2000);
    expect(started.map((s) => s.at - t0)).toEqual([0, 500]);
  });

  it('after a reconnect (every project may have changed) recomputes each watched project', async () => {
    const { refresher, emit, started } = setUp(100);
    refresher.watch('p1');
    refresher.watch('p2');
    await vi.advanceTimersByTimeAsync(0);
    emit(EVERY);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started.map((s) => s.projectId).sort()).toEqual(['p1', 'p2']);
  });

  it('stops recomputing, drops a pending follow-up and stops listening when the last watcher leaves', async () => {
    const { refresher, emit, started, subscribed } = setUp(100);
    const first = refresher.watch('p1');
    const second = refresher.watch('p1');
    await vi.advanceTimersByTimeAsync(0);
    emit('p1');
    emit('p1');
    first();
    first();
    expect(refresher.watched()).toEqual(['p1']);
    second();
    expect(refresher.watched()).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(subscribed.active).toBe(0);
    await vi.advanceTimersByTimeAsync(2000);
    emit('p1');
    await vi.advanceTimersByTimeAsync(2000);
    expect(started).toHaveLength(1);
    // Watching again listens again.
    refresher.watch('p1');
    await vi.advanceTimersByTimeAsync(0);
    emit('p1');
    await vi.advanceTimersByTimeAsync(0);
    expect(subscribed.active).toBe(1);
    expect(started).toHaveLength(2);
  });
});
