'use client';

import { useState, useTransition } from 'react';
import { rateOption } from '@/lib/ratings/actions';
import { SCALE } from '@/lib/ratings/scale';

type Option = { id: string; number: number; text: string; category: string; myScore: number | null };
type SaveState = 'idle' | 'saving' | 'saved' | 'error';

const ZONE_RING = { harm: 'peer-checked:bg-rose-700', uncertain: 'peer-checked:bg-slate-700', appropriate: 'peer-checked:bg-emerald-700' } as const;

function OptionRow({ option, locked, onSaved }: { option: Option; locked: boolean; onSaved: (score: number) => void }) {
  const [score, setScore] = useState<number | null>(option.myScore);
  const [state, setState] = useState<SaveState>(option.myScore === null ? 'idle' : 'saved');
  const [error, setError] = useState<string>();
  const [, startTransition] = useTransition();

  function choose(next: number) {
    const previous = score;
    setScore(next);
    setState('saving');
    startTransition(async () => {
      const result = await rateOption({ optionId: option.id, score: next });
      if (result.ok) {
        setState('saved');
        setError(undefined);
        onSaved(next);
      } else {
        setScore(previous);
        setState('error');
        setError(result.message ?? 'Not saved. Please try again.');
      }
    });
  }

  return (
    <li className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={`option-${option.number}`}>
      <fieldset disabled={locked}>
        <legend className="mb-2 flex w-full items-start justify-between gap-3">
          <span>
            <span className="mr-2 text-sm font-semibold text-slate-500">{option.number}.</span>
            <span className="font-medium">{option.text}</span>
          </span>
          <span className="shrink-0 rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{option.category}</span>
        </legend>
        <div className="flex flex-wrap gap-1.5" role="radiogroup" aria-label={`Score for option ${option.number}`}>
          {SCALE.map((s) => (
            <label key={s.score} className="relative" title={`${s.score}: ${s.label}, ${s.meaning.toLowerCase()}`}>
              <input
                type="radio"
                className="peer sr-only"
                name={`score-${option.id}`}
                value={s.score}
                checked={score === s.score}
                onChange={() => choose(s.score)}
                aria-label={`${s.score}: ${s.label}, ${s.meaning.toLowerCase()}`}
              />
              <span className={`flex h-10 w-10 cursor-pointer items-center justify-center rounded-md text-base font-semibold ring-1 ring-slate-300 peer-checked:text-white peer-checked:ring-0 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-sky-700 ${ZONE_RING[s.zone]}`}>
                {s.score}
              </span>
            </label>
          ))}
        </div>
        <p className="mt-1 min-h-5 text-xs" aria-live="polite" data-testid={`option-${option.number}-status`}>
          {state === 'saving' ? <span className="text-slate-600">Saving…</span> : null}
          {state === 'saved' && score !== null ? <span className="text-emerald-800">Saved: {score} · {SCALE[score - 1].meaning.toLowerCase()}</span> : null}
          {state === 'error' ? <span className="text-rose-800" role="alert">{error}</span> : null}
        </p>
      </fieldset>
    </li>
  );
}

/** Every option of a case with its 1-9 scale; each score is saved as soon as it is given. */
export function CaseRater({ options, locked }: { options: Option[]; locked: boolean }) {
  const [rated, setRated] = useState(() => new Set(options.filter((o) => o.myScore !== null).map((o) => o.id)));
  return (
    <section aria-labelledby="options-title" className="space-y-3">
      <div className="flex items-baseline justify-between">
        <h2 id="options-title" className="text-lg font-semibold">Management options</h2>
        <p className="text-sm text-slate-700" data-testid="rated-count" aria-live="polite">{rated.size} of {options.length} rated</p>
      </div>
      {locked ? <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">This case is locked in a release; its scores can no longer change.</p> : null}
      {rated.size === options.length && !locked ? <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="case-complete">All options rated. Thank you: you can still change a score until the case is locked.</p> : null}
      <ol className="space-y-3">
        {options.map((option) => (
          <OptionRow key={option.id} option={option} locked={locked} onSaved={() => setRated((prev) => new Set(prev).add(option.id))} />
        ))}
      </ol>
    </section>
  );
}
