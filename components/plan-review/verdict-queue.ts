import { PersistentQueue, postJson, type QueuedItem } from '@/components/rating/save-queue';
import type { Verdict } from '@/lib/plan-review/verdicts';

/** A verdict given on the judging screen, waiting in the browser until POST /api/plan-verdicts takes it. */
export type PendingVerdict = QueuedItem & { reviewId: string; optionId: number; verdict: Verdict };

/** What the endpoint answers: the verdict stored for the option (a newer one given elsewhere wins). */
export type VerdictResult = { optionId: number; verdict: Verdict; answered: number; total: number };

/** The key of an option of a review: the queue holds the verdicts of every plan the physician judges. */
export function verdictKey(reviewId: string, optionId: number): string {
  return `${reviewId}:${optionId}`;
}

/** The judging screen's queue: the rating screen's queue class, with its own IndexedDB database and endpoint. */
export function createVerdictQueue(userId: string, onResult: (result: VerdictResult, item: PendingVerdict) => void): PersistentQueue<PendingVerdict, VerdictResult> {
  return new PersistentQueue<PendingVerdict, VerdictResult>(
    userId,
    {
      database: 'primum-judging',
      store: 'pending-verdicts',
      keyOf: (item) => verdictKey(item.reviewId, item.optionId),
      send: (item) =>
        postJson<VerdictResult>('/api/plan-verdicts', { reviewId: item.reviewId, optionId: item.optionId, verdict: item.verdict, givenAt: item.givenAt }, (status) => `The server refused this verdict (HTTP ${status}).`),
    },
    onResult,
  );
}
