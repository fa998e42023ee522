'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { saveVerdictAction, submitReviewAction } from '@/lib/plan-review/actions';
import type { Verdict } from '@/lib/plan-review/verdicts';
import { VerdictRow, type RowState } from '@/components/plan-review/verdict-row';

export type JudgeOption = { id: number; text: string; category: string };
type Props = { reviewId: string; options: JudgeOption[]; initial: Record<number, Verdict>; submitted: boolean; nextReviewId: string | null };

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

/**
 * The physician's judging screen: one yes / partly / no per rubric option, keyboard first. Verdicts
 * are saved one after another in the order given (each carries when it was given: the newest wins).
 */
export function PlanJudge({ reviewId, options, initial, submitted: wasSubmitted, nextReviewId }: Props) {
  const router = useRouter();
  const [verdicts, setVerdicts] = useState<Array<Verdict | null>>(() => options.map((o) => initial[o.id] ?? null));
  const verdictsRef = useRef(verdicts);
  const [states, setStates] = useState<RowState[]>(() => options.map((o) => (initial[o.id] ? 'saved' : 'none')));
  const [focus, setFocusState] = useState(() => Math.max(0, verdicts.findIndex((v) => v === null)));
  // Keys arrive faster than renders: the handler reads the focus from this ref.
  const focusRef = useRef(focus);
  const setFocus = useCallback((index: number) => {
    focusRef.current = index;
    setFocusState(index);
  }, []);
  const [submitted, setSubmitted] = useState(wasSubmitted);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const submitRef = useRef<HTMLButtonElement>(null);
  const focusSubmit = useRef(false);
  const listRef = useRef<HTMLOListElement>(null);
  const answered = verdicts.filter((v) => v !== null).length;
  const complete = answered === options.length;

  const setRowState = (index: number, state: RowState) => setStates((all) => all.map((s, i) => (i === index ? state : s)));

  const give = useCallback(
    (index: number, verdict: Verdict) => {
      const next = verdictsRef.current.map((v, i) => (i === index ? verdict : v));
      verdictsRef.current = next;
      setVerdicts(next);
      setRowState(index, 'saving');
      const givenAt = Date.now();
      chain.current = chain.current.then(async () => {
        const result = await saveVerdictAction({ reviewId, optionId: options[index].id, verdict, givenAt }).catch(() => ({ ok: false as const, message: 'The connection failed.' }));
        if (!result.ok) {
          setRowState(index, 'failed');
          setMessage({ tone: 'error', text: result.message ?? 'Not saved.' });
          return;
        }
        setRowState(index, verdictsRef.current[index] === verdict ? 'saved' : 'saving');
      });
      const open = nextOpen(next, index);
      if (open >= 0) setFocus(open);
      // The button is enabled by the next render: focus it then.
      else focusSubmit.current = true;
    },
    [options, reviewId, setFocus],
  );

  const submit = useCallback(async () => {
    await chain.current;
    const result = await submitReviewAction({ reviewId }).catch(() => ({ ok: false as const, message: 'The connection failed.' }));
    if (!result.ok) return setMessage({ tone: 'error', text: result.message ?? 'Not submitted.' });
    setSubmitted(true);
    setMessage({ tone: 'success', text: 'Submitted. Thank you.' });
    router.refresh();
  }, [reviewId, router]);

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
      <ol ref={listRef} className="space-y-1.5" aria-label="Rubric options">
        {options.map((o, i) => (
          <VerdictRow key={o.id} index={i} total={options.length} id={o.id} text={o.text} category={o.category} verdict={verdicts[i]} state={states[i]} focused={i === focus} onFocusRow={setFocus} onVerdict={give} />
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-3">
        <button
          ref={submitRef}
          type="button"
          onClick={() => void submit()}
          disabled={!complete || submitted}
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
        {message ? <p data-testid="judge-message" className={message.tone === 'error' ? 'text-rose-800' : 'text-emerald-800'}>{message.text}</p> : null}
      </div>
    </div>
  );
}
