'use client';

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { declineCaseAction, saveComment, submitCaseAction, toggleFlag } from '@/lib/ratings/actions';
import type { CaseForRating, FlagKind } from '@/lib/ratings/service';
import { ActiveTime } from '@/components/rating/active-time';
import { takeEarlyKeys } from '@/components/rating/early-keys';
import { OptionRow, type RowSaveState } from '@/components/rating/option-row';
import { CommentDialog, DeclineDialog, FlagDialog, GuidelinesDialog } from '@/components/rating/rating-dialogs';
import { queueMessage, SaveQueue, type QueueSnapshot, type PendingSave, type SaveResult } from '@/components/rating/save-queue';
import { usePendingWarning, useQueueRestore } from '@/components/rating/queue-hooks';

type Dialog = 'flag' | 'comment' | 'help' | 'decline' | null;

const EMPTY: QueueSnapshot = { pending: new Map(), sending: null, refused: new Map(), problem: null, retryAt: null };
const noSubscribe = () => () => undefined;

const OFFLINE = { ok: false, message: 'Not saved: the connection failed. Check it and try again.' } as const;

/** A server action that cannot reach the server resolves to a message instead of throwing. */
async function reach<T extends { ok?: boolean; message?: string }>(call: () => Promise<T>): Promise<T | typeof OFFLINE> {
  try {
    return await call();
  } catch {
    return OFFLINE;
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function nextUnscored(scores: ReadonlyArray<number | null>, from: number): number {
  for (let step = 1; step <= scores.length; step += 1) {
    const i = (from + step) % scores.length;
    if (scores[i] === null) return i;
  }
  return Math.min(from + 1, scores.length - 1);
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/**
 * The rating screen: every option of one case with its 1-9 scale, keyboard first. Scores go
 * through a persistent retry queue, so a failed save never leaves the page or loses a score.
 */
export function CaseRater({ data, userId, presentation }: { data: CaseForRating; userId: string; presentation: ReactNode }) {
  const router = useRouter();
  const options = data.options;
  const total = options.length;
  const indexOf = useMemo(() => new Map(options.map((o, i) => [o.id, i])), [options]);

  const [scores, setScores] = useState(() => options.map((o) => o.myScore));
  const scoresRef = useRef(scores);
  const [focus, setFocus] = useState(() => Math.max(0, options.findIndex((o) => o.myScore === null)));
  const focusRef = useRef(focus);
  const [flags, setFlags] = useState(() => options.map((o) => o.myFlags));
  const [comments, setComments] = useState(() => options.map((o) => o.myComment));
  const [submitted, setSubmitted] = useState(data.submitted);
  const [dialog, setDialog] = useState<Dialog>(null);
  const dialogRef = useRef<Dialog>(null);
  const [notice, setNotice] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const [flagError, setFlagError] = useState<string>();
  const [gone, setGone] = useState<string | null>(null);
  const active = useRef<ActiveTime | null>(null);
  active.current ??= new ActiveTime();

  const setScoresNow = useCallback((next: Array<number | null>) => {
    scoresRef.current = next;
    setScores(next);
  }, []);

  // The queue outlives renders; it reports each landed save through this ref.
  const onResultRef = useRef<(result: SaveResult, save: PendingSave) => void>(() => undefined);
  const [queue] = useState(() => (typeof window === 'undefined' ? null : new SaveQueue(userId, '/api/ratings', (r, s) => onResultRef.current(r, s))));
  onResultRef.current = (result, save) => {
    if (!result.submitted) setSubmitted(false);
    // Without a newer save of this option still queued, the server's score is the truth.
    const index = indexOf.get(save.optionId);
    if (index === undefined || queue?.getSnapshot().pending.has(save.optionId)) return;
    if (scoresRef.current[index] !== result.score) setScoresNow(scoresRef.current.map((s, i) => (i === index ? result.score : s)));
  };
  const snapshot = useSyncExternalStore(queue?.subscribe ?? noSubscribe, queue?.getSnapshot ?? (() => EMPTY), () => EMPTY);
  // Warn before leaving with scores that have not reached the server.
  const now = usePendingWarning(snapshot.pending.size);

  const moveTo = useCallback((index: number) => {
    const clamped = Math.max(0, Math.min(total - 1, index));
    focusRef.current = clamped;
    active.current!.focus(options[clamped]?.id ?? null);
    setFocus(clamped);
  }, [options, total]);

  const give = useCallback(
    (index: number, score: number | null) => {
      if (data.locked || !queue) return;
      const option = options[index];
      if (scoresRef.current[index] === score) return;
      setScoresNow(scoresRef.current.map((s, i) => (i === index ? score : s)));
      queue.add({ caseId: data.caseId, optionId: option.id, score, activeMs: active.current!.take(option.id) });
    },
    [data.caseId, data.locked, options, queue, setScoresNow],
  );

  const scoreAndAdvance = useCallback(
    (index: number, score: number) => {
      give(index, score);
      moveTo(nextUnscored(scoresRef.current, index));
    },
    [give, moveTo],
  );

  // Restore saves an earlier page left unsent (reload, closed laptop); send them.
  const showRestored = useCallback(
    (restored: PendingSave[]) => {
      const next = [...scoresRef.current];
      for (const save of restored) {
        const index = indexOf.get(save.optionId);
        if (index !== undefined) next[index] = save.score;
      }
      setScoresNow(next);
    },
    [indexOf, setScoresNow],
  );
  useQueueRestore(queue, showRestored);

  // Refused saves that mean the case left this physician: say so once, plainly.
  useEffect(() => {
    for (const message of snapshot.refused.values()) {
      if (/not in a case assigned/.test(message)) setGone('This case is no longer assigned to you (declined or handed to another physician); your scores here can no longer be saved.');
      else if (/locked/.test(message)) setGone('This case has been locked in a release; scores can no longer change.');
    }
  }, [snapshot.refused]);


  // Active time: focus, visibility and any input keep the clock honest.
  useEffect(() => {
    const clock = active.current!;
    clock.focus(options[focusRef.current]?.id ?? null);
    const activity = () => clock.activity();
    const visibility = () => clock.visibility(document.visibilityState === 'visible');
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;
    for (const name of events) window.addEventListener(name, activity, { passive: true, capture: true });
    document.addEventListener('visibilitychange', visibility);
    return () => {
      for (const name of events) window.removeEventListener(name, activity, { capture: true });
      document.removeEventListener('visibilitychange', visibility);
    };
  }, [options]);

  // What stays pinned at the top (the status bar; on a tablet also the presentation) must not hide
  // the focused option: its height becomes the rows' scroll margin.
  const layoutRef = useRef<HTMLDivElement>(null);
  const pinnedRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const layout = layoutRef.current;
    if (!layout || typeof ResizeObserver === 'undefined') return;
    const wide = window.matchMedia('(min-width: 1024px)');
    const update = () => {
      const pinned = wide.matches ? statusRef.current : pinnedRef.current;
      layout.style.setProperty('--pinned-height', `${Math.ceil(pinned?.getBoundingClientRect().height ?? 0)}px`);
    };
    const observer = new ResizeObserver(update);
    for (const el of [pinnedRef.current, statusRef.current]) if (el) observer.observe(el);
    wide.addEventListener('change', update);
    update();
    return () => {
      observer.disconnect();
      wide.removeEventListener('change', update);
    };
  }, []);

  // The focused option takes the keyboard focus and scrolls into view.
  useEffect(() => {
    if (dialogRef.current) return;
    const row = document.querySelector<HTMLElement>(`[data-row="${focus}"]`);
    if (!row) return;
    const current = document.activeElement as HTMLElement | null;
    if (!current || current === document.body || current.closest('[data-rating-list]')) row.focus({ preventScroll: true });
    row.closest('li')?.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  const rated = scores.filter((s) => s !== null).length;
  const complete = rated === total;
  const openDialog = (next: Dialog) => {
    dialogRef.current = next;
    setDialog(next);
  };
  const closeDialog = () => {
    dialogRef.current = null;
    setDialog(null);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-row="${focusRef.current}"]`)?.focus({ preventScroll: true }));
  };

  const submit = useCallback(async (): Promise<boolean> => {
    if (snapshot.pending.size > 0) {
      setNotice({ tone: 'error', text: `${plural(snapshot.pending.size, 'score')} not saved yet; the case can be submitted once ${snapshot.pending.size === 1 ? 'it is' : 'they are'} saved.` });
      return false;
    }
    const result = await reach(() => submitCaseAction({ caseId: data.caseId }));
    if (!result.ok) {
      setNotice({ tone: 'error', text: result.message ?? 'The case was not submitted.' });
      return false;
    }
    setSubmitted(true);
    setNotice({ tone: 'info', text: 'Case submitted. Thank you: you can still change a score until the case is locked.' });
    return true;
  }, [data.caseId, snapshot.pending.size]);

  const goNext = useCallback(async () => {
    if (!complete) {
      setNotice({ tone: 'info', text: `${plural(total - rated, 'option')} still without a score.` });
      return;
    }
    if (!submitted && !data.locked && !(await submit())) return;
    router.push(data.nextCaseId ? `/rate/${data.nextCaseId}` : '/rate');
  }, [complete, data.locked, data.nextCaseId, rated, router, submit, submitted, total]);

  // Keyboard: one listener for the page; reads refs so no press is lost to a stale render.
  const keys = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keys.current = (event: KeyboardEvent) => {
    if (dialogRef.current || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    const index = focusRef.current;
    const key = event.key;
    if (/^[1-9]$/.test(key)) {
      event.preventDefault();
      if (!data.locked && !gone) scoreAndAdvance(index, Number(key));
    } else if (key === 'ArrowDown' || key === 'j') {
      event.preventDefault();
      moveTo(index + 1);
    } else if (key === 'ArrowUp' || key === 'k') {
      event.preventDefault();
      moveTo(index - 1);
    } else if (key === 'Home') {
      event.preventDefault();
      moveTo(0);
    } else if (key === 'End') {
      event.preventDefault();
      moveTo(total - 1);
    } else if (key === 'Backspace' || key === 'Delete') {
      event.preventDefault();
      if (!data.locked && !gone) give(index, null);
    } else if (key === 'f' && !data.locked) {
      event.preventDefault();
      setFlagError(undefined);
      openDialog('flag');
    } else if (key === 'c' && !data.locked) {
      event.preventDefault();
      openDialog('comment');
    } else if (key === '?') {
      event.preventDefault();
      openDialog('help');
    } else if (key === 'n') {
      event.preventDefault();
      void goNext();
    }
  };
  useEffect(() => {
    // A key the early-keys script already kept (it prevents the default of what it keeps) is
    // replayed below: handling it here as well would apply it twice.
    const listener = (event: KeyboardEvent) => {
      if (!event.defaultPrevented) keys.current(event);
    };
    document.addEventListener('keydown', listener);
    // Keys typed while the page was still loading, in the order they were pressed.
    for (const key of takeEarlyKeys()) keys.current({ key, target: document.body, preventDefault: () => undefined } as unknown as KeyboardEvent);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  useEffect(() => () => queue?.dispose(), [queue]);

  const focused = options[focus];
  const message = queueMessage(snapshot, now, 'score');

  async function flip(kind: FlagKind) {
    const index = focusRef.current;
    const on = !flags[index].includes(kind);
    const result = await reach(() => toggleFlag({ optionId: options[index].id, kind, on }));
    if (!result.ok || !('data' in result) || !result.data) return setFlagError(result.message ?? 'The flag was not saved; check the connection and try again.');
    const saved = result.data.flags;
    setFlagError(undefined);
    setFlags((prev) => prev.map((f, i) => (i === index ? saved : f)));
  }

  async function comment(body: string): Promise<string | undefined> {
    const index = focusRef.current;
    const result = await reach(() => saveComment({ optionId: options[index].id, body }));
    if (!result.ok || !('data' in result) || !result.data) return result.message ?? 'The comment was not saved; check the connection and try again.';
    const saved = result.data.body;
    setComments((prev) => prev.map((c, i) => (i === index ? saved : c)));
    return undefined;
  }

  async function decline(reason: 'CONFLICT_OF_INTEREST' | 'OUTSIDE_EXPERTISE' | 'OTHER', note: string): Promise<string | undefined> {
    const result = await reach(() => declineCaseAction({ caseId: data.caseId, reason, note }));
    if (!result.ok) return 'errors' in result && result.errors ? Object.values(result.errors).flat().join(' ') : result.message;
    router.push('/rate?declined=1');
    return undefined;
  }

  function rowState(index: number): RowSaveState {
    const id = options[index].id;
    if (snapshot.refused.has(id)) return 'refused';
    if (snapshot.pending.has(id)) return snapshot.problem ? 'waiting' : 'saving';
    return scores[index] === null ? 'none' : 'saved';
  }

  return (
    <div ref={layoutRef} className="lg:grid lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] lg:items-start lg:gap-x-6">
      {/* One pinned block on a tablet (presentation, folding, above the status bar); on a laptop the
          block dissolves (display: contents) and the presentation sits beside the options. */}
      <div ref={pinnedRef} className="sticky top-0 z-20 bg-slate-50 lg:contents">
        <aside aria-label="Case presentation" className="max-h-[30vh] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200 lg:sticky lg:top-4 lg:col-start-1 lg:row-span-3 lg:row-start-1 lg:max-h-[calc(100vh-2rem)]">
          {presentation}
        </aside>
        <section ref={statusRef} aria-labelledby="options-title" className="space-y-2 bg-slate-50/95 px-1 pb-2 pt-2 backdrop-blur lg:sticky lg:top-0 lg:z-10 lg:col-start-2 lg:row-start-1">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="options-title" className="text-lg font-semibold">Management options</h2>
            <p className="text-sm text-slate-700">
              <span data-testid="focus-position" className="mr-3 font-medium">Option {focus + 1} of {total}</span>
              <span data-testid="rated-count" aria-live="polite">{rated} of {total} rated</span>
            </p>
          </div>
          <progress className="h-1.5 w-full" max={total} value={rated} aria-label={`${rated} of ${total} options rated`} />
          <p className="text-xs text-slate-600" data-testid="key-legend">
            <kbd>1</kbd>-<kbd>9</kbd> score &amp; next · <kbd>↑</kbd><kbd>↓</kbd>/<kbd>j</kbd><kbd>k</kbd> move · <kbd>Home</kbd>/<kbd>End</kbd> · <kbd>⌫</kbd> clear · <kbd>f</kbd> flag · <kbd>c</kbd> comment · <kbd>?</kbd> guidelines · <kbd>n</kbd> submit &amp; next case · <kbd>Esc</kbd> close
          </p>
          {message ? <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="queue-message">{message} {snapshot.problem === 'signed-out' ? <a href="/login" target="_blank" className="font-semibold underline">Sign in again</a> : null}</p> : null}
          {snapshot.refused.size > 0 ? <p role="status" className="rounded bg-rose-50 p-2 text-sm text-rose-900" data-testid="refused-message">{plural(snapshot.refused.size, 'score')} could not be saved: see the options marked &quot;Not saved&quot;.</p> : null}
          {gone ? <p role="status" className="rounded bg-rose-50 p-2 text-sm text-rose-900">{gone}</p> : null}
          {notice ? <p role="status" className={`rounded p-2 text-sm ${notice.tone === 'error' ? 'bg-rose-50 text-rose-900' : 'bg-emerald-50 text-emerald-900'}`} data-testid="case-notice">{notice.text}</p> : null}
          {data.locked ? <p className="rounded bg-amber-50 p-2 text-sm text-amber-900">This case is locked in a release; its scores can no longer change.</p> : null}
          {complete && !data.locked ? (
            <p className="rounded bg-emerald-50 p-2 text-sm text-emerald-900" data-testid="case-complete">
              {submitted ? 'Submitted. You can still change a score until the case is locked.' : 'Every option has a score. Submit the case when you are done (n).'}
            </p>
          ) : null}
        </section>
      </div>

      <ol className="space-y-1.5 [--row-margin:calc(var(--pinned-height,8rem)+0.5rem)] lg:col-start-2 lg:row-start-2" data-rating-list aria-label="Management options">
        {options.map((option, index) => (
          <OptionRow
            key={option.id}
            index={index}
            total={total}
            id={option.id}
            number={option.number}
            text={option.text}
            category={option.category}
            score={scores[index]}
            state={rowState(index)}
            refusal={snapshot.refused.get(option.id)}
            flags={flags[index]}
            comment={comments[index]}
            replies={option.repliesToMe}
            focused={index === focus}
            locked={data.locked}
            onFocusRow={moveTo}
            onScore={scoreAndAdvance}
          />
        ))}
      </ol>

      {!data.locked ? (
        <div className="mt-3 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3 lg:col-start-2 lg:row-start-3">
          <button type="button" onClick={() => void submit()} disabled={!complete || submitted} className="rounded bg-sky-800 px-4 py-2 font-semibold text-white disabled:bg-slate-400">
            {submitted ? 'Submitted' : complete ? 'Submit case' : `Submit case (${total - rated} missing)`}
          </button>
          {complete ? (
            <button type="button" onClick={() => void goNext()} className="rounded px-3 py-2 font-semibold text-sky-800 ring-1 ring-sky-800">{data.nextCaseId ? 'Next case' : 'Back to my cases'}</button>
          ) : null}
          <button type="button" onClick={() => openDialog('help')} className="rounded px-3 py-2 text-slate-700 ring-1 ring-slate-300">Guidelines (?)</button>
          <button type="button" onClick={() => openDialog('decline')} className="ml-auto rounded px-3 py-2 text-rose-800 ring-1 ring-rose-300">Decline case…</button>
        </div>
      ) : null}

      {dialog === 'flag' && focused ? <FlagDialog optionNumber={focus + 1} flags={flags[focus]} error={flagError} onToggle={(kind) => void flip(kind)} onClose={closeDialog} /> : null}
      {dialog === 'comment' && focused ? <CommentDialog optionNumber={focus + 1} initial={comments[focus]} onSave={comment} onClose={closeDialog} /> : null}
      {dialog === 'help' ? <GuidelinesDialog onClose={closeDialog} /> : null}
      {dialog === 'decline' ? <DeclineDialog externalId={data.externalId} onDecline={decline} onClose={closeDialog} /> : null}
    </div>
  );
}
