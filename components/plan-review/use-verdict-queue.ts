'use client';

import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { QueueSnapshot } from '@/components/rating/save-queue';
import { createVerdictQueue, verdictKey, type PendingVerdict, type VerdictResult } from '@/components/plan-review/verdict-queue';
import type { Verdict } from '@/lib/plan-review/verdicts';
import { usePendingWarning } from '@/components/rating/use-pending-warning';

const EMPTY: QueueSnapshot<PendingVerdict> = { pending: new Map(), sending: null, refused: new Map(), problem: null, retryAt: null };
const noSubscribe = () => () => undefined;

type Options = {
  userId: string;
  reviewId: string;
  options: ReadonlyArray<{ id: number }>;
  /** The verdicts the screen shows, by option index; the hook corrects them from the server and the restored queue. */
  verdictsRef: RefObject<Array<Verdict | null>>;
  setVerdictsNow(next: Array<Verdict | null>): void;
};

/**
 * The judging screen's side of the verdict queue, as the rating screen uses its queue: one queue per
 * page, restored from the browser on load (verdicts an earlier page left unsent, of this plan or
 * another, are sent), retried at once when the browser is back online, a warning before leaving
 * while anything is unsaved, and a clock for the banner's countdown.
 */
export function useVerdictQueue({ userId, reviewId, options, verdictsRef, setVerdictsNow }: Options) {
  const indexOf = useMemo(() => new Map(options.map((o, i) => [o.id, i])), [options]);
  /** Set once verdicts left by an earlier page are back in the queue (tests wait for it). */
  const [restored, setRestored] = useState(false);

  // The queue outlives renders; it reports each landed verdict through this ref.
  const onResultRef = useRef<(result: VerdictResult, item: PendingVerdict) => void>(() => undefined);
  const [queue] = useState(() => (typeof window === 'undefined' ? null : createVerdictQueue(userId, (r, item) => onResultRef.current(r, item))));
  onResultRef.current = (result, item) => {
    // Without a newer verdict of this option still queued, the server's verdict is the truth.
    const index = indexOf.get(item.optionId);
    if (item.reviewId !== reviewId || index === undefined || queue?.getSnapshot().pending.has(verdictKey(reviewId, item.optionId))) return;
    if (verdictsRef.current[index] !== result.verdict) setVerdictsNow(verdictsRef.current.map((v, i) => (i === index ? result.verdict : v)));
  };
  const snapshot = useSyncExternalStore(queue?.subscribe ?? noSubscribe, queue?.getSnapshot ?? (() => EMPTY), () => EMPTY);

  useEffect(() => {
    if (!queue) return;
    let live = true;
    void queue.restore().then((saved) => {
      if (!live) return;
      const next = [...verdictsRef.current];
      for (const item of saved) {
        const index = indexOf.get(item.optionId);
        // A verdict given since (e.g. while the page loaded) is newer: it stays.
        if (item.reviewId === reviewId && index !== undefined && queue.getSnapshot().pending.get(verdictKey(reviewId, item.optionId))?.clientId === item.clientId) next[index] = item.verdict;
      }
      setVerdictsNow(next);
      setRestored(true);
    });
    const online = () => queue.retryNow();
    window.addEventListener('online', online);
    return () => {
      live = false;
      window.removeEventListener('online', online);
    };
  }, [queue, indexOf, reviewId, verdictsRef, setVerdictsNow]);


  useEffect(() => () => queue?.dispose(), [queue]);

  // Warn before leaving with verdicts that have not reached the server.
  const now = usePendingWarning(snapshot.pending.size);
  return { queue, snapshot, now, restored };
}
