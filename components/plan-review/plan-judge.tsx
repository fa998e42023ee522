'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { submitReviewAction } from '@/lib/plan-review/actions';
import type { Verdict } from '@/lib/plan-review/verdicts';
import { queueMessage } from '@/components/rating/save-queue';
import { verdictKey } from '@/components/plan-review/verdict-queue';
import { useVerdictQueue } from '@/components/plan-review/use-verdict-queue';
import { VerdictRow, type RowState } from '@/components/plan-review/verdict-row';

export type JudgeOption = { id: number; text: string; category: string };
type Props = { reviewId: string; userId: string; options: JudgeOption[]; initial: Record<number, Verdict>; submitted: boolean; nextReviewId: string | null };

const KEYS: Record<string, Verdict> = { y: 'yes', '1': 'yes', p: 'partial', '2': 'partial', n: 'no', '3': 'no' };

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function nextOpen(verdicts: ReadonlyArray<Verdict | null>, from: number): number {
  for (let step = 1; step <= verdicts.length; step += 1) {
    const i = (from + step) % verdicts.length;
    if (verdicts[i] === null) return i;
  }
  return -1;
}

function plural(n: number, one: string): string {
  return `${n} ${n === 1 ? one : `${one}s`}`;
}

/** How many of this review's options have a verdict still waiting in the browser, or refused. */
function countOf(keys: Iterable<string>, reviewId: string): number {
  let n = 0;
  for (const key of keys) if (key.startsWith(`${reviewId}:`)) n += 1;
  return n;
}

/**
 * The physician's judging screen: one yes / partly / no per rubric option, keyboard first. Verdicts
 * go through the rating screen's persistent retry queue (components/rating/save-queue.ts): each is
 * kept in the browser until the server has it, sent in the order given (each carries when it was
 * given: the newest wins), so no connection drop, server failure or reload loses one.
 */
export function PlanJudge({ reviewId, userId, options, initial, submitted: wasSubmitted, nextReviewId }: Props) {
  const router = useRouter();
  const [verdicts, setVerdicts] = useState<Array<Verdict | null>>(() => options.map((o) => initial[o.id] ?? null));
  const verdictsRef = useRef(verdicts);
  const setVerdictsNow = useCallback((next: Array<Verdict | null>) => {
    verdictsRef.current = next;
    setVerdicts(next);
  }, []);
  const [focus, setFocusState] = useState(() => Math.max(0, verdicts.findIndex((v) => v === null)));
  // Keys arrive faster than renders: the handler reads the focus from this ref.
  const focusRef = useRef(focus);
  const setFocus = useCallback((index: number) => {
    focusRef.current = index;
    setFocusState(index);
  }, []);
  const [submitted, setSubmitted] = useState(wasSubmitted);
  const [submitting, setSubmitting] = useState(false);
  const [message, setMessage] = useState<{ tone: 'error' | 'success' | 'info'; text: string } | null>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const focusSubmit = useRef(false);
  const listRef = useRef<HTMLOListElement>(null);
  const { queue, snapshot, now, restored } = useVerdictQueue({ userId, reviewId, options, verdictsRef, setVerdictsNow });
  const answered = verdicts.filter((v) => v !== null).length;
  const complete = answered === options.length;

  const give = useCallback(
    (index: number, verdict: Verdict) => {
      if (!queue) return;
      const next = verdictsRef.current.map((v, i) => (i === index ? verdict : v));
      setVerdictsNow(next);
      queue.add({ reviewId, optionId: options[index].id, verdict });
      const open = nextOpen(next, index);
      if (open >= 0) setFocus(open);
      // The button is enabled by the next render: focus it then.
      else focusSubmit.current = true;
    },
    [options, queue, reviewId, setFocus, setVerdictsNow],
  );

  /** Submits only once every verdict of this plan is on the server: waits for the ones in flight, refuses (and says why) while any is stuck. */
  const submit = useCallback(async () => {
    if (!queue || submitting) return;
    setSubmitting(true);
    try {
      let state = queue.getSnapshot();
      if (countOf(state.pending.keys(), reviewId) > 0 && state.problem === null) {
        setMessage({ tone: 'info', text: 'Saving the last verdicts; the plan is submitted once they are saved.' });
        state = await queue.settled();
      }
      const waiting = countOf(state.pending.keys(), reviewId);
      if (waiting > 0) return setMessage({ tone: 'error', text: `Not submitted: ${plural(waiting, 'verdict')} not saved yet. The plan can be submitted once ${waiting === 1 ? 'it is' : 'they are'} saved.` });
      const refused = countOf(state.refused.keys(), reviewId);
      if (refused > 0) return setMessage({ tone: 'error', text: `Not submitted: ${plural(refused, 'verdict')} could not be saved (see the options marked "Not saved").` });
      const result = await submitReviewAction({ reviewId }).catch(() => ({ ok: false as const, message: 'Not submitted: the connection failed. Check it and try again.' }));
      if (!result.ok) return setMessage({ tone: 'error', text: result.message ?? 'Not submitted.' });
      setSubmitted(true);
      setMessage({ tone: 'success', text: 'Submitted. Thank you.' });
      router.refresh();
    } finally {
      setSubmitting(false);
    }
  }, [queue, reviewId, router, submitting]);

  function rowState(index: number): RowState {
    const key = verdictKey(reviewId, options[index].id);
    if (snapshot.refused.has(key)) return 'refused';
    if (snapshot.pending.has(key)) return snapshot.problem ? 'waiting' : 'saving';
    return verdicts[index] === null ? 'none' : 'saved';
  }
  const banner = queueMessage(snapshot, now, 'verdict');
  const refusedHere = countOf(snapshot.refused.keys(), reviewId);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const key = event.key.toLowerCase();
      if (key in KEYS) {
        event.preventDefault();
        give(focusRef.current, KEYS[key]);
      } else if (key === 'j' || key === 'arrowdown') {
        event.preventDefault();
        setFocus(Math.min(options.length - 1, focusRef.current + 1));
      } else if (key === 'k' || key === 'arrowup') {
        event.preventDefault();
        setFocus(Math.max(0, focusRef.current - 1));
      } else if (key === 'enter' && complete && !submitted && document.activeElement !== submitRef.current && !(document.activeElement instanceof HTMLAnchorElement)) {
        event.preventDefault();
        void submit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [complete, submitted, give, options.length, setFocus, submit]);

  useEffect(() => {
    if (!focusSubmit.current || !complete) return;
    focusSubmit.current = false;
    submitRef.current?.focus();
  }, [complete, verdicts]);

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-testid="verdict-option-${options[focus]?.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focus, options]);

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700" data-testid="judge-progress" aria-live="polite">
        {answered} of {options.length} answered{submitted ? ' · submitted' : ''}
      </p>
      {banner ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="queue-message">
          {banner} {snapshot.problem === 'signed-out' ? <a href="/login" target="_blank" className="font-semibold underline">Sign in again</a> : null}
        </p>
      ) : null}
      {refusedHere > 0 ? <p role="status" className="rounded bg-rose-50 p-2 text-sm text-rose-900" data-testid="refused-message">{plural(refusedHere, 'verdict')} could not be saved: see the options marked &quot;Not saved&quot;.</p> : null}
      <ol ref={listRef} className="space-y-1.5" aria-label="Rubric options" data-queue-ready={restored || undefined}>
        {options.map((o, i) => (
          <VerdictRow key={o.id} index={i} total={options.length} id={o.id} text={o.text} category={o.category} verdict={verdicts[i]} state={rowState(i)} refusal={snapshot.refused.get(verdictKey(reviewId, o.id))} focused={i === focus} onFocusRow={setFocus} onVerdict={give} />
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <button
          ref={submitRef}
          type="button"
          onClick={() => void submit()}
          disabled={!complete || submitted || submitting}
          data-testid="submit-review"
          className="inline-flex items-center justify-center rounded-md bg-sky-800 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-sky-900 focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:cursor-not-allowed disabled:bg-slate-400"
        >
          {submitted ? 'Submitted' : 'Submit'}
        </button>
        {!complete ? <span className="text-sm text-slate-600">{options.length - answered} option(s) still open.</span> : null}
        {submitted ? (
          <Link href={nextReviewId ? `/judge/${nextReviewId}` : '/rate'} className="font-semibold text-sky-800 hover:underline" data-testid="after-submit">
            {nextReviewId ? 'Next plan' : 'Back to my cases'}
          </Link>
        ) : null}
      </div>
      <div aria-live="polite" className="min-h-6 text-sm">
        {message ? <p data-testid="judge-message" className={message.tone === 'error' ? 'text-rose-800' : message.tone === 'info' ? 'text-slate-700' : 'text-emerald-800'}>{message.text}</p> : null}
      </div>
    </div>
  );
}
