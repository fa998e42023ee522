'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type RefObject } from 'react';
import type { QueueSnapshot } from '@/components/rating/save-queue';
import { createVerdictQueue, verdictKey, type PendingVerdict, type VerdictResult } from '@/components/plan-review/verdict-queue';
import type { Verdict } from '@/lib/plan-review/verdicts';
import { usePendingWarning, useQueueRestore } from '@/components/rating/queue-hooks';

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

  // Verdicts an earlier page left unsent (any plan's) are sent; this plan's are shown.
  const showRestored = useCallback(
    (restored: PendingVerdict[]) => {
      const next = [...verdictsRef.current];
      for (const item of restored) {
        const index = indexOf.get(item.optionId);
        if (item.reviewId === reviewId && index !== undefined) next[index] = item.verdict;
      }
      setVerdictsNow(next);
      setRestored(true);
    },
    [indexOf, reviewId, verdictsRef, setVerdictsNow],
  );
  useQueueRestore(queue, showRestored);


  useEffect(() => () => queue?.dispose(), [queue]);

  // Warn before leaving with verdicts that have not reached the server.
  const now = usePendingWarning(snapshot.pending.size);
  return { queue, snapshot, now, restored };
}
