import 'server-only';
import { debounceWithMaxWait } from '@/lib/live/coalesce';
import { log } from '@/lib/log/logger';

/**
 * A Server-Sent Events response that calls `produce` once at start and again (coalesced) every
 * time `trigger` fires, until the client goes away. Changes are coalesced for `debounceMs` after
 * the last one, but never longer than `maxWaitMs`, so updates keep coming while changes arrive
 * non-stop. A computation in flight is never run twice at once: changes that arrive meanwhile
 * cause exactly one more run.
 */
export function sseResponse<T>(options: {
  signal: AbortSignal;
  produce: () => Promise<T>;
  /** `end` closes the stream (the browser then reconnects by itself, after the `retry` delay). */
  subscribe: (trigger: () => void, end: () => void) => Promise<() => void>;
  event: string;
  debounceMs?: number;
  maxWaitMs?: number;
  /** Tags the stream's log lines (the request that opened it). */
  requestId?: string;
}): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let running = false;
      let dirty = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const run = async () => {
        if (running) return void (dirty = true);
        running = true;
        try {
          do {
            dirty = false;
            const data = await options.produce();
            send(`event: ${options.event}\ndata: ${JSON.stringify(data)}\n\n`);
          } while (dirty && !closed);
        } catch (error) {
          log.error('live recomputation failed', { component: 'live', requestId: options.requestId }, error);
        } finally {
          running = false;
        }
      };
      const debounced = debounceWithMaxWait(() => void run(), { waitMs: options.debounceMs ?? 100, maxWaitMs: options.maxWaitMs ?? 250 });
      let ended = false;
      const unsubscribe = await options.subscribe(debounced.trigger, () => {
        ended = true;
        cleanup();
      });
      // Only once subscribed: a failed subscribe (database down) must not leave a timer writing to a dead stream.
      const keepAlive = setInterval(() => send(': keep-alive\n\n'), 15_000);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(keepAlive);
        debounced.cancel();
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the runtime
        }
      };
      options.signal.addEventListener('abort', cleanup);
      if (ended) return cleanup();
      send('retry: 2000\n\n');
      await run();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive' },
  });
}
