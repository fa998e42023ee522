'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { saveAdjudication } from '@/lib/adjudication/actions';

const SCORES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.isContentEditable);
}

/**
 * The final score and rationale, by keyboard: a digit picks the score and puts the cursor in the
 * rationale, Ctrl+Enter (or Cmd+Enter) saves and opens the next option of the queue, Esc leaves
 * the text box, n/p or the arrow keys move through the queue when not typing.
 */
export function AdjudicationForm(props: {
  slug: string;
  optionId: string;
  initialScore: number | null;
  initialRationale: string;
  refusal: string | null;
  previousId: string | null;
  nextId: string | null;
}) {
  const { slug, optionId, refusal, previousId, nextId } = props;
  const router = useRouter();
  const [score, setScore] = useState<number | null>(props.initialScore);
  const [rationale, setRationale] = useState(props.initialRationale);
  const [state, setState] = useState<{ ok?: boolean; message?: string }>({});
  const [pending, startTransition] = useTransition();
  const rationaleRef = useRef<HTMLTextAreaElement>(null);
  const base = `/projects/${slug}/adjudication`;

  function save() {
    if (refusal || pending) return;
    if (score === null) return setState({ ok: false, message: 'Choose a final score from 1 to 9 (press a digit).' });
    if (rationale.trim() === '') {
      rationaleRef.current?.focus();
      return setState({ ok: false, message: 'A rationale is required: say why this score stands.' });
    }
    startTransition(async () => {
      const result = await saveAdjudication({ optionId, score, rationale });
      if (!result.ok) return setState({ ok: false, message: result.errors ? Object.values(result.errors).flat().join(' ') : result.message });
      setState({ ok: true, message: `${result.message} Opening the next option…` });
      router.push(nextId ? `${base}/${nextId}` : `${base}?done=1`);
    });
  }

  // The latest handlers, for the one window listener.
  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  useEffect(() => {
    keys.current = (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault();
        save();
        return;
      }
      if (event.key === 'Escape' && isTyping(event.target)) return void (event.target as HTMLElement).blur();
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (/^[1-9]$/.test(event.key) && !refusal) {
        event.preventDefault();
        setScore(Number(event.key));
        rationaleRef.current?.focus();
      } else if ((event.key === 'n' || event.key === 'ArrowRight') && nextId) {
        router.push(`${base}/${nextId}`);
      } else if ((event.key === 'p' || event.key === 'ArrowLeft') && previousId) {
        router.push(`${base}/${previousId}`);
      }
    };
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keys.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return (
    <form
      className="space-y-3"
      aria-label="Final score"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      {refusal ? <p role="status" className="rounded bg-rose-50 px-3 py-2 text-sm font-medium text-rose-900" data-testid="adjudication-refusal">{refusal}</p> : null}
      <div role="radiogroup" aria-label="Final score, 1 to 9" className="flex flex-wrap gap-1" data-testid="adjudication-scores">
        {SCORES.map((s) => (
          <button
            key={s}
            type="button"
            role="radio"
            aria-checked={score === s}
            disabled={refusal !== null}
            onClick={() => setScore(s)}
            className={`h-10 w-10 rounded-md text-base font-semibold ring-1 ${score === s ? 'bg-sky-800 text-white ring-sky-900' : 'bg-white text-slate-900 ring-slate-300 hover:bg-slate-100'} disabled:opacity-50`}
          >
            {s}
          </button>
        ))}
      </div>
      <div>
        <label htmlFor="adjudication-rationale" className="block text-sm font-medium">Rationale (required)</label>
        <textarea
          id="adjudication-rationale"
          ref={rationaleRef}
          value={rationale}
          onChange={(e) => setRationale(e.target.value)}
          disabled={refusal !== null}
          rows={4}
          maxLength={4000}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1 text-sm"
          aria-describedby="adjudication-message"
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || refusal !== null}>{pending ? 'Saving…' : 'Save and next (Ctrl+Enter)'}</Button>
        <span className="text-sm text-slate-600" data-testid="adjudication-chosen">{score === null ? 'No score chosen' : `Final score: ${score}`}</span>
      </div>
      <FormMessage id="adjudication-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      <p className="text-xs text-slate-600" aria-label="Keyboard">
        Keys: <kbd>1</kbd>-<kbd>9</kbd> final score · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> save &amp; next · <kbd>Esc</kbd> leave the text box · <kbd>n</kbd>/<kbd>→</kbd> next · <kbd>p</kbd>/<kbd>←</kbd> previous (when not typing)
      </p>
    </form>
  );
}
