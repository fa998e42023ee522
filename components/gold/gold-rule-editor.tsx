'use client';

import { useMemo, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { saveGoldRule } from '@/lib/adjudication/actions';
import type { GoldPreviewRow } from '@/lib/adjudication/gold-data';
import { REASON_LABEL, summarizeGold, type GoldInput, type GoldSummary, type ReasonKey } from '@/lib/gold';
import type { GoldRule } from '@/lib/projects/schema';

const REASONS: ReasonKey[] = ['randUcla', 'crossZone', 'needsDiscussion'];
const REASON_HELP: Record<ReasonKey, string> = {
  randUcla: 'RAND/UCLA disagreement: small panels a rating in 1-3 and one in 7-9; any panel IPR > IPRAS',
  crossZone: 'any two ratings in different zones (1-3, 4-6, 7-9)',
  needsDiscussion: 'a rater flagged the option "needs discussion"',
};

function toInputs(rows: GoldPreviewRow[]): GoldInput[] {
  return rows.map(([scores, flagged, adjudicated]) => ({
    scores,
    needsDiscussion: flagged === 1,
    adjudication: adjudicated === null ? null : { score: adjudicated, adjudicator: '', at: '', rationale: '' },
  }));
}

function sameRule(a: GoldRule, b: GoldRule): boolean {
  return a.severityMode === b.severityMode && REASONS.every((k) => a.adjudicate[k] === b.adjudicate[k]);
}

/** The gold rule form with a preview of its effect next to the current rule's, recomputed in the browser. */
export function GoldRuleEditor({ projectId, current, rows, canEdit }: { projectId: string; current: GoldRule; rows: GoldPreviewRow[]; canEdit: boolean }) {
  const router = useRouter();
  const [draft, setDraft] = useState<GoldRule>(current);
  const [state, setState] = useState<{ ok?: boolean; message?: string }>({});
  const [pending, startTransition] = useTransition();
  const inputs = useMemo(() => toInputs(rows), [rows]);
  const now = useMemo(() => summarizeGold(inputs, current), [inputs, current]);
  const next = useMemo(() => summarizeGold(inputs, draft), [inputs, draft]);
  const changed = !sameRule(current, draft);

  function save(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await saveGoldRule({ projectId, goldRule: draft });
      setState({ ok: result.ok, message: result.errors ? Object.values(result.errors).flat().join(' ') : result.message });
      if (result.ok) router.refresh();
    });
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_1fr]">
      <form onSubmit={save} className="space-y-4" aria-label="Gold rule">
        <fieldset className="space-y-1" disabled={!canEdit}>
          <legend className="text-sm font-semibold">Severity of a “severe” label</legend>
          {(['strict', 'lenient'] as const).map((mode) => (
            <label key={mode} className="flex items-start gap-2 text-sm">
              <input type="radio" name="severityMode" value={mode} checked={draft.severityMode === mode} onChange={() => setDraft({ ...draft, severityMode: mode })} className="mt-1" />
              <span>
                <span className="font-medium">{mode}</span>: {mode === 'strict' ? 'every rater at 1 (or at 9 for omission)' : 'more than half of the raters at 1 (or at 9)'}; otherwise at most moderate
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset className="space-y-1" disabled={!canEdit}>
          <legend className="text-sm font-semibold">Send to adjudication when</legend>
          {REASONS.map((key) => (
            <label key={key} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name={key}
                checked={draft.adjudicate[key]}
                onChange={(e) => setDraft({ ...draft, adjudicate: { ...draft.adjudicate, [key]: e.target.checked } })}
                className="mt-1"
              />
              <span>{REASON_HELP[key]}</span>
            </label>
          ))}
        </fieldset>
        <p className="text-xs text-slate-600">The gold score is the median of the ratings (RAND/UCLA), or the adjudicated score where one was recorded. Fewer than 2 ratings: no gold label yet.</p>
        {canEdit ? (
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending || !changed}>{pending ? 'Saving…' : 'Save this rule'}</Button>
            <Button type="button" variant="secondary" disabled={!changed} onClick={() => setDraft(current)}>Back to the current rule</Button>
          </div>
        ) : (
          <p className="text-sm text-slate-700">Only the project&apos;s coordinators can change the rule; you can try settings to see the preview.</p>
        )}
        <FormMessage id="gold-rule-message" message={state.message} tone={state.ok ? 'success' : 'error'} />
      </form>
      <PreviewTable now={now} next={next} changed={changed} />
    </div>
  );
}

function PreviewTable({ now, next, changed }: { now: GoldSummary; next: GoldSummary; changed: boolean }) {
  const rows: Array<[string, (s: GoldSummary) => number, boolean?]> = [
    ['Options', (s) => s.options],
    ['No gold yet (fewer than 2 ratings)', (s) => s.pending],
    ['Zone: harm (1-3)', (s) => s.zones.harm, true],
    ['Zone: uncertain (4-6)', (s) => s.zones.uncertain, true],
    ['Zone: appropriate (7-9)', (s) => s.zones.appropriate, true],
    ['Harm of doing it: severe', (s) => s.commission.severe, true],
    ['Harm of doing it: moderate', (s) => s.commission.moderate, true],
    ['Harm of doing it: mild', (s) => s.commission.mild, true],
    ['Harm of omitting it: severe', (s) => s.omission.severe, true],
    ['Harm of omitting it: moderate', (s) => s.omission.moderate, true],
    ['Harm of omitting it: mild', (s) => s.omission.mild, true],
    ...REASONS.map((k): [string, (s: GoldSummary) => number, boolean] => [`Needs adjudication: ${REASON_LABEL[k]}`, (s) => s.reasons[k], true]),
    ['Waiting for adjudication (any reason, not yet adjudicated)', (s) => s.awaitingAdjudication, true],
    ['Adjudicated', (s) => s.adjudicated],
  ];
  return (
    <table className="w-full text-left text-sm" data-testid="gold-preview" aria-describedby="gold-preview-caption">
      <caption id="gold-preview-caption" className="mb-2 text-left text-sm text-slate-700">
        Preview: options in each zone and severity, and how many need adjudication, under the current rule and {changed ? 'the rule being edited' : 'the same rule (change a setting to compare)'}.
      </caption>
      <thead className="text-slate-600">
        <tr><th scope="col" className="py-1 pr-3">Figure</th><th scope="col" className="px-3 text-right">Current rule</th><th scope="col" className="px-3 text-right">Edited rule</th><th scope="col" className="pl-3 text-right">Change</th></tr>
      </thead>
      <tbody>
        {rows.map(([label, pick, indent]) => {
          const a = pick(now);
          const b = pick(next);
          return (
            <tr key={label} className="border-t border-slate-100">
              <th scope="row" className={`py-1 pr-3 font-normal ${indent ? 'pl-2' : ''}`}>{label}</th>
              <td className="px-3 text-right tabular-nums">{a}</td>
              <td className="px-3 text-right tabular-nums" data-testid={`preview-${label}`}>{b}</td>
              <td className={`pl-3 text-right tabular-nums ${a === b ? 'text-slate-400' : 'font-semibold'}`}>{a === b ? '–' : `${b > a ? '+' : ''}${b - a}`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
