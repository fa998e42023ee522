import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sseResponse } from '@/lib/live/sse';

/** Reads the stream in the background and notes the (fake) time of every event it carries. */
function recordEvents(response: Response): number[] {
  const times: number[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const block of decoder.decode(value).split('\n\n')) if (block.startsWith('event: summary')) times.push(Date.now());
    }
  })();
  return times;
}

describe('live stream (SSE) coalescing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function openStream() {
    const controller = new AbortController();
    let trigger = () => {};
    let produced = 0;
    const response = sseResponse({
      signal: controller.signal,
      event: 'summary',
      produce: async () => (produced += 1),
      subscribe: async (onChange) => {
        trigger = onChange;
        return () => {};
      },
    });
    const times = recordEvents(response);
    await vi.advanceTimersByTimeAsync(0);
    return { times, trigger: () => trigger(), close: () => controller.abort(), produced: () => produced };
  }

  it('[COORDINATOR] keeps receiving updates (at least one per second) while a change arrives every 50 ms for 5 s', async () => {
    const stream = await openStream();
    const start = Date.now();
    expect(stream.times).toEqual([start]);
    for (let t = 0; t < 5000; t += 50) {
      stream.trigger();
      await vi.advanceTimersByTimeAsync(50);
    }
    const end = Date.now();
    const gaps = [...stream.times, end].slice(1).map((at, i) => at - stream.times[i]);
    // The old debounce restarted on every change: one event at the start, then nothing for 5 s.
    expect(stream.times.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1000);
    // Still coalesced: far fewer recomputations than the 100 changes.
    expect(stream.produced()).toBeLessThanOrEqual(25);
    stream.close();
  });

  it('[COORDINATOR] the stream ends when its subscription ends it (the database notifications were lost), so the page can show it and reconnect', async () => {
    let end = () => {};
    let unsubscribed = 0;
    const response = sseResponse({
      signal: new AbortController().signal,
      event: 'summary',
      produce: async () => 1,
      subscribe: async (_trigger, onEnd) => {
        end = onEnd;
        return () => void (unsubscribed += 1);
      },
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('retry:');
    end();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
    expect(unsubscribed).toBe(1);
  });

  it('[COORDINATOR] gets one update for a quick burst of changes, 100 ms after the last one', async () => {
    const stream = await openStream();
    const start = Date.now();
    for (let i = 0; i < 3; i += 1) {
      stream.trigger();
      await vi.advanceTimersByTimeAsync(20);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(stream.times).toEqual([start, start + 40 + 100]);
    stream.close();
  });
});
