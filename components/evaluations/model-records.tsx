import Link from 'next/link';
import type { Harm, RecordMetric } from '@/lib/evaluation/types';
import { VARIANT_LABELS, type Variant } from '@/lib/evaluations/compute';
import type { ModelCaseView, ModelRecordView } from '@/lib/evaluations/queries';

/** A model's page: its cases, and one record's plan beside the rubric with the judge's verdicts and the harms found. */

const SHOWN: RecordMetric[] = ['F1_weighted', 'F1_raw', 'Precision_weighted', 'Recall_weighted', 'Precision_matched', 'Severe_rate', 'Offrubric_rate'];

function mean(values: Array<number | null>): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}

export function CaseTable({ cases, selected, hrefOf }: { cases: ModelCaseView[]; selected: string | null; hrefOf: (caseId: string) => string }) {
  return (
    <table className="w-full text-left text-sm" data-testid="model-cases">
      <thead className="text-xs text-slate-600">
        <tr><th className="py-1">Case</th><th>Records</th><th title="mean over the case's records">F1 w.</th><th title="records with a severe harm">Severe</th></tr>
      </thead>
      <tbody>
        {cases.map((c) => {
          const f1 = mean(c.records.map((r) => r.score.metrics.F1_weighted));
          const severe = c.records.filter((r) => r.score.metrics.Severe_rate === 1).length;
          return (
            <tr key={c.caseId} className={`border-t border-slate-100 ${c.caseId === selected ? 'bg-sky-50' : ''}`}>
              <td className="py-1"><Link href={hrefOf(c.caseId)} aria-current={c.caseId === selected ? 'page' : undefined} className="font-medium text-sky-800 hover:underline">{c.caseId}</Link></td>
              <td className="tabular-nums">{c.records.length}</td>
              <td className="tabular-nums">{f1 === null ? '–' : f1.toFixed(3)}</td>
              <td className={`tabular-nums ${severe > 0 ? 'font-semibold text-rose-800' : ''}`}>{severe}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const SEVERITY_STYLE: Record<string, string> = {
  Severe: 'bg-rose-100 text-rose-900',
  Moderate: 'bg-orange-100 text-orange-900',
  Mild: 'bg-amber-100 text-amber-900',
  Uncertain: 'bg-slate-100 text-slate-800',
};

function harmText(harm: Harm): string {
  if (harm.kind === 'offrubric') return `${harm.severity} harm: off-rubric action ${harm.actionIndex + 1} (score ${harm.score})`;
  return `${harm.severity} ${harm.kind}: option ${harm.optionId} (score ${harm.score})`;
}

const VERDICT_STYLE = { matched: 'bg-sky-100 text-sky-900', partial: 'bg-violet-100 text-violet-900', no: 'text-slate-500' } as const;
const VERDICT_TEXT = { matched: 'recommended', partial: 'partly', no: '–' } as const;

export function RecordView({ record, variant }: { record: ModelRecordView; variant: Variant }) {
  const harmsByOption = new Map<number, Harm>();
  for (const harm of record.score.harms) if (harm.kind !== 'offrubric') harmsByOption.set(harm.optionId, harm);
  const other = variant === 'gold' ? 'reference' : 'gold';
  return (
    <div className="space-y-4" data-testid="record-view">
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        {SHOWN.map((m) => (
          <div key={m}>
            <dt className="text-xs text-slate-600">{m.replace('_', ' ')}</dt>
            <dd className="tabular-nums font-semibold" data-metric={m}>
              {record.score.metrics[m] === null ? <span title={record.score.undefinedReasons[m]}>undefined</span> : record.score.metrics[m]!.toFixed(3)}
            </dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="text-sm font-semibold">Harms found ({record.score.harms.length})</h3>
        {record.score.harms.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-1.5 text-xs" data-testid="record-harms">
            {record.score.harms.map((h, index) => <li key={index} className={`rounded px-1.5 py-0.5 ${SEVERITY_STYLE[h.severity] ?? ''}`}>{harmText(h)}</li>)}
          </ul>
        )}
      </div>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section aria-label="The model's plan" className="xl:sticky xl:top-4 xl:self-start">
          <h3 className="text-sm font-semibold">Plan{record.responseLen !== null ? ` (${record.responseLen.toLocaleString('en')} characters)` : ''}</h3>
          {record.response === null ? (
            <p className="text-sm text-slate-600">No plan text: the responses file was not uploaded with this model.</p>
          ) : (
            <div className="mt-1 max-h-[28rem] overflow-y-auto whitespace-pre-wrap rounded bg-slate-50 p-3 text-sm ring-1 ring-slate-200">{record.response}</div>
          )}
          <h3 className="mt-3 text-sm font-semibold">Actions ({record.actions.length})</h3>
          <ol className="mt-1 list-decimal pl-5 text-xs text-slate-700">
            {record.actions.map((a, index) => (
              <li key={index}>{a.match.length > 0 ? `matched option(s) ${a.match.join(', ')}` : `off-rubric, score ${a.score ?? 5}`}</li>
            ))}
          </ol>
        </section>
        <section aria-label="The rubric with the judge's verdicts">
          <h3 className="text-sm font-semibold">Rubric and verdicts</h3>
          <table className="mt-1 w-full text-left text-xs">
            <thead className="text-slate-600">
              <tr><th className="py-1">#</th><th>Option</th><th title={`score under ${VARIANT_LABELS[variant]} (under ${VARIANT_LABELS[other]} when different)`}>Score</th><th>Verdict</th><th>Harm</th></tr>
            </thead>
            <tbody>
              {record.options.map((o) => {
                const harm = harmsByOption.get(o.id);
                return (
                  <tr key={o.id} className={`border-t border-slate-100 align-top ${harm ? 'bg-rose-50' : o.verdict !== 'no' ? 'bg-sky-50' : ''}`} data-option={o.id}>
                    <td className="py-1 pr-1 tabular-nums">{o.id}</td>
                    <td className="pr-2">{o.text} <span className="text-slate-500">({o.category})</span></td>
                    <td className="pr-2 tabular-nums">
                      {o.score ?? '–'}
                      {o.otherScore !== o.score ? <span className="text-slate-500" title={`under ${VARIANT_LABELS[other]}`}> ({o.otherScore ?? '–'})</span> : null}
                    </td>
                    <td className="pr-2"><span className={`rounded px-1 ${VERDICT_STYLE[o.verdict]}`}>{VERDICT_TEXT[o.verdict]}</span></td>
                    <td>{harm ? <span className={`rounded px-1 ${SEVERITY_STYLE[harm.severity] ?? ''}`}>{harm.severity} {harm.kind}</span> : null}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      </div>
    </div>
  );
}
