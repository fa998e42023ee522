'use client';

import { useEffect, useState } from 'react';

/**
 * The queue hooks of the rating screen and the judging screen (components/rating/save-queue.ts).
 *
 * useQueueRestore: send what an earlier page left unsent (reload, closed laptop), hand the page the
 * restored items to show (restore() keeps only those still the newest of their key), and retry at
 * once when the browser comes back online. `show` should keep its identity between renders.
 */
export function useQueueRestore<T>(queue: { restore(): Promise<T[]>; retryNow(): void } | null, show: (restored: T[]) => void): void {
  useEffect(() => {
    if (!queue) return;
    let live = true;
    void queue.restore().then((restored) => {
      if (live) show(restored);
    });
    const online = () => queue.retryNow();
    window.addEventListener('online', online);
    return () => {
      live = false;
      window.removeEventListener('online', online);
    };
  }, [queue, show]);
}

/**
 * usePendingWarning: while `pending` saves have not reached the server, warn before the page is left, and tick a clock
 * every second (the queue's banner counts down to the next try). Returns that clock. Used by the
 * rating screen and the judging screen alike.
 */
export function usePendingWarning(pending: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (pending === 0) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      window.removeEventListener('beforeunload', warn);
      clearInterval(tick);
    };
  }, [pending]);
  return now;
}
