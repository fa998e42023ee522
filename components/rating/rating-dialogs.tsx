'use client';

import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { ScaleLegend } from '@/components/rating/scale-legend';
import { COMMENT_MAX, DECLINE_LABEL, DECLINE_REASONS, FLAG_KINDS, FLAG_LABEL } from '@/lib/ratings/schema';
import type { FlagKind } from '@/lib/ratings/service';

/** A native modal dialog: focus is trapped by the browser and Esc closes it. */
export function Modal({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  // Opened in the same commit as the key press that asked for it, so the very next key lands in it.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="dialog-title"
      data-testid={testId}
      // Closed by Esc (cancel) or the buttons only: the native close event also fires when a
      // dialog unmounts, after the next one may already be open.
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className="m-auto w-[min(36rem,92vw)] rounded-lg p-5 shadow-xl backdrop:bg-slate-900/40"
    >
      <div className="mb-3 flex items-start justify-between gap-3">
        <h2 id="dialog-title" className="text-lg font-semibold">{title}</h2>
        <button type="button" onClick={onClose} className="rounded px-2 text-slate-600 hover:bg-slate-100" aria-label="Close (Esc)">✕</button>
      </div>
      {children}
    </dialog>
  );
}

export function FlagDialog({ optionNumber, flags, error, onToggle, onClose }: { optionNumber: number; flags: FlagKind[]; error?: string; onToggle(kind: FlagKind): void; onClose(): void }) {
  return (
    <Modal title={`Flag option ${optionNumber}`} onClose={onClose} testId="flag-dialog">
      <p className="mb-3 text-sm text-slate-700">Flags are seen by the coordinators and adjudicators, never by other raters. Press 1-3 or click to switch one on or off.</p>
      <div className="space-y-2">
        {FLAG_KINDS.map((kind, i) => (
          <label key={kind} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={flags.includes(kind)}
              onChange={() => onToggle(kind)}
              onKeyDown={(event) => {
                const pick = Number(event.key);
                if (pick >= 1 && pick <= FLAG_KINDS.length) {
                  event.preventDefault();
                  onToggle(FLAG_KINDS[pick - 1]);
                }
              }}
              data-autofocus={i === 0 ? '' : undefined}
              className="h-4 w-4"
            />
            <span><kbd className="mr-1 rounded border px-1 text-xs">{i + 1}</kbd>{FLAG_LABEL[kind]}</span>
          </label>
        ))}
      </div>
      {error ? <p role="status" className="mt-3 text-sm text-rose-800">{error}</p> : null}
    </Modal>
  );
}

export function CommentDialog({ optionNumber, initial, onSave, onClose }: { optionNumber: number; initial: string; onSave(body: string): Promise<string | undefined>; onClose(): void }) {
  const [body, setBody] = useState(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    const problem = await onSave(body.trim());
    setBusy(false);
    if (problem) setError(problem);
    else onClose();
  }
  return (
    <Modal title={`Comment on option ${optionNumber}`} onClose={onClose} testId="comment-dialog">
      <label htmlFor="option-comment" className="mb-1 block text-sm text-slate-700">Seen by the coordinators and adjudicators only. Leave empty to remove.</label>
      <textarea
        id="option-comment"
        value={body}
        maxLength={COMMENT_MAX}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void save();
        }}
        data-autofocus=""
        rows={4}
        className="w-full rounded border border-slate-300 p-2"
      />
      <div className="mt-3 flex items-center justify-between gap-3">
        <p className="text-xs text-slate-600">{body.length}/{COMMENT_MAX} · Ctrl+Enter saves · Esc cancels</p>
        <button type="button" disabled={busy} onClick={() => void save()} className="rounded bg-sky-800 px-3 py-1.5 font-semibold text-white disabled:opacity-60">Save comment</button>
      </div>
      {error ? <p role="status" className="mt-2 text-sm text-rose-800">{error}</p> : null}
    </Modal>
  );
}

export function GuidelinesDialog({ onClose }: { onClose(): void }) {
  return (
    <Modal title="Rating guidelines" onClose={onClose} testId="guidelines-dialog">
      <p className="mb-2 text-sm">Rate each option as if it were done for this patient: 1-3 doing it harms, 7-9 omitting it harms, 4-6 neither clearly.</p>
      <ScaleLegend titleId="guidelines-scale-title" severitiesOpen />
    </Modal>
  );
}

export function DeclineDialog({ externalId, onDecline, onClose }: { externalId: string; onDecline(reason: (typeof DECLINE_REASONS)[number], note: string): Promise<string | undefined>; onClose(): void }) {
  const [reason, setReason] = useState<(typeof DECLINE_REASONS)[number] | ''>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal title={`Decline case ${externalId}`} onClose={onClose} testId="decline-dialog">
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (!reason) return setError('Choose a reason.');
          setBusy(true);
          const problem = await onDecline(reason, note);
          setBusy(false);
          if (problem) setError(problem);
        }}
        className="space-y-3"
      >
        <p className="text-sm text-slate-700">The case goes to another physician of your specialty. Scores you gave it are withdrawn (they stay in the history).</p>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Reason</legend>
          {DECLINE_REASONS.map((r) => (
            <label key={r} className="flex items-center gap-2 text-sm">
              <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
              {DECLINE_LABEL[r]}
            </label>
          ))}
        </fieldset>
        <label className="block text-sm">
          <span className="font-medium">Note {reason === 'OTHER' ? '(required)' : '(optional)'}</span>
          <textarea value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} rows={2} className="mt-1 w-full rounded border border-slate-300 p-2" />
        </label>
        {error ? <p role="status" className="text-sm text-rose-800">{error}</p> : null}
        <button type="submit" disabled={busy} className="rounded bg-rose-800 px-3 py-1.5 font-semibold text-white disabled:opacity-60">Decline this case</button>
      </form>
    </Modal>
  );
}
