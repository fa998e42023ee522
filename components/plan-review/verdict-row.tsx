'use client';

import { memo } from 'react';
import { VERDICTS, VERDICT_LABELS, type Verdict } from '@/lib/plan-review/verdicts';

/** none: no verdict; saving: being sent; waiting: kept in the browser until the connection or server is back; refused: the server said no for good. */
export type RowState = 'none' | 'saving' | 'saved' | 'waiting' | 'refused';

const KEY: Record<Verdict, string> = { yes: 'y', partial: 'p', no: 'n' };
const TONE: Record<Verdict, string> = { yes: 'bg-emerald-700 text-white ring-emerald-700', partial: 'bg-amber-600 text-white ring-amber-600', no: 'bg-slate-700 text-white ring-slate-700' };

type Props = {
  index: number;
  total: number;
  id: number;
  text: string;
  category: string;
  verdict: Verdict | null;
  state: RowState;
  /** Why the server refused the verdict (state 'refused'). */
  refusal?: string;
  focused: boolean;
  onFocusRow(index: number): void;
  onVerdict(index: number, verdict: Verdict): void;
};

function StatusText({ state, verdict, refusal }: { state: RowState; verdict: Verdict | null; refusal?: string }) {
  if (state === 'refused') return <span className="text-rose-800">Not saved: {refusal ?? 'the server refused it.'}</span>;
  if (state === 'waiting') return <span className="text-amber-800">{verdict ? VERDICT_LABELS[verdict] : 'Verdict'}: not saved yet</span>;
  if (state === 'saving') return <span className="text-slate-600">Saving…</span>;
  if (verdict) return <span className="text-emerald-800">Saved: {VERDICT_LABELS[verdict].toLowerCase()}</span>;
  return <span className="text-slate-500">Not answered</span>;
}

/** One rubric option with its yes / partly / no choice; the keyboard is handled by the screen. */
export const VerdictRow = memo(function VerdictRow({ index, total, id, text, category, verdict, state, refusal, focused, onFocusRow, onVerdict }: Props) {
  const labelId = `plan-option-${id}`;
  return (
    <li
      data-testid={`verdict-option-${id}`}
      data-focused={focused || undefined}
      data-state={state}
      className={`scroll-my-24 rounded-md bg-white px-3 py-2 ring-1 ${focused ? 'outline-3 outline-offset-1 outline-sky-700 ring-sky-700' : 'ring-slate-200'}`}
      onPointerDown={() => onFocusRow(index)}
    >
      <div className="flex flex-col gap-2 md:flex-row md:items-center md:justify-between">
        <p id={labelId} className="min-w-0 text-[0.95rem] leading-snug">
          <span className="mr-1.5 text-xs font-semibold text-slate-500">{index + 1}.</span>
          {text}
          <span className="ml-2 rounded bg-slate-100 px-1.5 py-px text-xs text-slate-700">{category}</span>
        </p>
        <div role="radiogroup" aria-labelledby={labelId} aria-describedby={`${labelId}-status`} aria-roledescription={`option ${index + 1} of ${total}`} className="flex shrink-0 gap-1">
          {VERDICTS.map((v) => (
            <button
              key={v}
              type="button"
              role="radio"
              aria-checked={verdict === v}
              tabIndex={-1}
              onClick={() => onVerdict(index, v)}
              className={`rounded px-3 py-1 text-sm font-semibold ring-1 ${verdict === v ? TONE[v] : 'bg-white text-slate-800 ring-slate-300 hover:bg-slate-100'}`}
            >
              {VERDICT_LABELS[v]} <small className="font-mono opacity-75" aria-hidden>{KEY[v]}</small>
            </button>
          ))}
        </div>
      </div>
      <p id={`${labelId}-status`} className="mt-0.5 text-xs" data-testid={`verdict-option-${id}-status`}>
        <StatusText state={state} verdict={verdict} refusal={refusal} />
      </p>
    </li>
  );
});
