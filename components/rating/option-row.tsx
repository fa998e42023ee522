'use client';

import { memo } from 'react';
import { LocalTime } from '@/components/ui/local-time';
import { SCALE } from '@/lib/ratings/scale';
import { FLAG_LABEL } from '@/lib/ratings/schema';
import type { FlagKind } from '@/lib/ratings/service';

export type RowSaveState = 'none' | 'saved' | 'saving' | 'waiting' | 'refused';

/** Short anchors printed under the buttons: the severity each end of the scale refers to. */
const ANCHOR = ['sev', 'mod', 'mild', '', 'unc', '', 'mild', 'mod', 'sev'] as const;

type Props = {
  index: number;
  total: number;
  id: string;
  number: number;
  text: string;
  category: string;
  score: number | null;
  state: RowSaveState;
  refusal?: string;
  flags: FlagKind[];
  comment: string;
  /** Coordinators' and adjudicators' replies to this physician's flag or comment (read-only). */
  replies?: ReadonlyArray<{ body: string; at: string; author: string }>;
  focused: boolean;
  locked: boolean;
  onFocusRow(index: number): void;
  onScore(index: number, score: number): void;
};

function StatusText({ state, score, refusal }: { state: RowSaveState; score: number | null; refusal?: string }) {
  if (state === 'refused') return <span className="text-rose-800">Not saved: {refusal}</span>;
  if (state === 'waiting') return <span className="font-medium text-amber-800">{score === null ? 'Clearing' : `Score ${score}`}: not saved yet</span>;
  if (state === 'saving') return <span className="text-slate-600">Saving {score ?? 'clear'}…</span>;
  if (state === 'saved' && score !== null) return <span className="text-emerald-800">Saved: {score}</span>;
  if (state === 'saved') return <span className="text-slate-600">Cleared</span>;
  return <span className="text-slate-500">No score</span>;
}

/** One option: its text and a 1-9 radio group. Clicking a number scores; the keyboard is handled by the case. */
export const OptionRow = memo(function OptionRow(props: Props) {
  const { index, total, id, number, text, category, score, state, refusal, flags, comment, replies, focused, locked, onFocusRow, onScore } = props;
  const labelId = `opt-${id}`;
  return (
    <li
      data-testid={`option-${number}`}
      data-focused={focused || undefined}
      className={`scroll-mt-(--row-margin) scroll-mb-4 rounded-md bg-white px-3 py-2 ring-1 ${focused ? 'outline-3 outline-offset-1 outline-sky-700 ring-sky-700' : 'ring-slate-200'}`}
      onPointerDown={() => onFocusRow(index)}
    >
      <div className="flex flex-col gap-2 md:flex-row md:items-center md:justify-between">
        <p id={labelId} className="min-w-0 text-[0.95rem] leading-snug">
          <span className="mr-1.5 text-xs font-semibold text-slate-500">{index + 1}.</span>
          {text}
          <span className="ml-2 rounded bg-slate-100 px-1.5 py-px text-xs text-slate-700">{category}</span>
          {flags.map((kind) => (
            <span key={kind} className="ml-1.5 rounded bg-amber-100 px-1.5 py-px text-xs font-medium text-amber-900" data-testid={`option-${number}-flag`}>⚑ {FLAG_LABEL[kind]}</span>
          ))}
          {comment ? <span className="ml-1.5 rounded bg-sky-100 px-1.5 py-px text-xs text-sky-900" title={comment} data-testid={`option-${number}-comment`}>💬 comment</span> : null}
        </p>
        <div
          role="radiogroup"
          aria-labelledby={labelId}
          aria-describedby={`${labelId}-status`}
          aria-disabled={locked || undefined}
          tabIndex={focused ? 0 : -1}
          data-row={index}
          aria-roledescription={`option ${index + 1} of ${total}`}
          className="flex shrink-0 gap-1 rounded focus:outline-none"
        >
          {SCALE.map((s) => {
            const on = score === s.score;
            return (
              <button
                key={s.score}
                type="button"
                role="radio"
                aria-checked={on}
                tabIndex={-1}
                disabled={locked}
                aria-label={`${s.score}: ${s.label}, ${s.meaning.toLowerCase()}`}
                onClick={() => onScore(index, s.score)}
                data-zone={s.zone}
                className="score-button"
              >
                <b>{s.score}</b>
                <small aria-hidden>{ANCHOR[s.score - 1]}</small>
              </button>
            );
          })}
        </div>
      </div>
      <p id={`${labelId}-status`} className="mt-0.5 text-xs" data-testid={`option-${number}-status`}>
        <StatusText state={state} score={score} refusal={refusal} />
      </p>
      {replies && replies.length > 0 ? (
        <ul className="mt-1 space-y-1" aria-label={`Replies to your comment on option ${index + 1}`} data-testid={`option-${number}-replies`}>
          {replies.map((r, i) => (
            <li key={i} className="border-l-2 border-emerald-400 pl-2 text-xs text-slate-800">
              <span className="font-medium">↩ {r.author}</span> (<LocalTime iso={r.at} />): {r.body}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
});
