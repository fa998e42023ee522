import { Card } from '@/components/ui/card';
import { VERDICTS, VERDICT_LABELS, CONSENSUS_RULE } from '@/lib/plan-review/verdicts';
import type { Breakdown, Confusion } from '@/lib/plan-review/agreement';
import type { ReviewOverview } from '@/lib/plan-review/queries';
import type { ModelMetric } from '@/lib/evaluation/types';

/** Every figure rounded to 3 decimals; undefined ones as a dash. */
export function f3(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(3);
}

const th = 'py-1 pr-3 font-medium';
const td = 'py-1 pr-3 tabular-nums';

function ConfusionTable({ confusion, testId }: { confusion: Confusion; testId: string }) {
  return (
    <table className="text-sm" data-testid={testId}>
      <caption className="mb-1 text-left text-xs text-slate-600">Rows: the AI judge; columns: the physicians&apos; consensus.</caption>
      <thead><tr><th className={th}><span className="sr-only">Judge</span></th>{VERDICTS.map((v) => <th key={v} className={th} scope="col">{VERDICT_LABELS[v]}</th>)}</tr></thead>
      <tbody>
        {VERDICTS.map((v, i) => (
          <tr key={v} className="border-t border-slate-100">
            <th scope="row" className={th}>{VERDICT_LABELS[v]}</th>
            {confusion.table[i].map((n, j) => <td key={j} className={`${td} ${i === j ? 'font-semibold text-emerald-900' : ''}`}>{n}</td>)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BreakdownTable({ rows, what, testId }: { rows: Breakdown[]; what: string; testId: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">Nothing judged yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <thead className="text-slate-600"><tr><th className={th}>{what}</th><th className={th}>κ</th><th className={th}>agreement</th><th className={th}>n</th><th className={th}>unresolved, left out</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-slate-100"><td className="py-1 pr-3">{r.label}</td><td className={td}>{f3(r.kappa)}</td><td className={td}>{f3(r.agreement)}</td><td className={td}>{r.n}</td><td className={td}>{r.unresolved}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

const SHOWN: ModelMetric[] = ['F1_weighted', 'F1_raw', 'Precision_weighted', 'Recall_weighted', 'Recall_raw', 'Severe_rate'];

/** The agreement figures of the human review and the models rescored from the physicians' verdicts. */
export function ReviewFigures({ overview }: { overview: ReviewOverview }) {
  const { physicians, judge, comparisons, scores } = overview;
  return (
    <>
      <Card title="Agreement between physicians">
        <p className="text-sm" data-testid="physician-kappa">
          Mean pairwise Cohen&apos;s κ <b className="tabular-nums">{f3(physicians.meanPairwise)}</b> over {physicians.pairsDefined} pair(s), n = {physicians.n} paired verdicts;
          Fleiss&apos; κ <b className="tabular-nums">{f3(physicians.fleiss)}</b>, n = {physicians.fleissItems} options with 2 or more verdicts.
        </p>
        {physicians.pairs.length > 0 ? (
          <table className="mt-2 text-left text-sm" data-testid="physician-pairs">
            <thead className="text-slate-600"><tr><th className={th}>Physicians</th><th className={th}>κ</th><th className={th}>agreement</th><th className={th}>n</th></tr></thead>
            <tbody>
              {physicians.pairs.map((p) => (
                <tr key={`${p.a}-${p.b}`} className="border-t border-slate-100"><td className="py-1 pr-3">{physicians.names[p.a] ?? p.a} · {physicians.names[p.b] ?? p.b}</td><td className={td}>{f3(p.kappa)}</td><td className={td}>{f3(p.agreement)}</td><td className={td}>{p.n}</td></tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
      <Card title="The AI judge against the physicians' consensus">
        <p className="mb-2 text-xs text-slate-600" data-testid="consensus-rule">{CONSENSUS_RULE} Only submitted reviews count.</p>
        <p className="mb-2 text-sm" data-testid="judge-kappa">
          Cohen&apos;s κ <b className="tabular-nums">{f3(judge.overall.kappa)}</b>, agreement <b className="tabular-nums">{f3(judge.overall.agreement)}</b>, n = {judge.overall.n} options; {judge.overall.unresolved} unresolved option(s) left out.
        </p>
        <div className="grid gap-5 lg:grid-cols-3">
          <ConfusionTable confusion={judge.overall} testId="judge-confusion" />
          <div><h3 className="mb-1 text-sm font-semibold">By option category</h3><BreakdownTable rows={judge.byCategory} what="Category" testId="judge-by-category" /></div>
          <div><h3 className="mb-1 text-sm font-semibold">By severity of the option&apos;s score</h3><BreakdownTable rows={judge.bySeverity} what="Severity" testId="judge-by-severity" /></div>
        </div>
      </Card>
      <Card title="Where the judge errs most">
        {judge.worst.length === 0 ? <p className="text-sm text-slate-600">No disagreement yet.</p> : (
          <table className="w-full text-left text-sm" data-testid="judge-worst">
            <thead className="text-slate-600"><tr><th className={th}>Case</th><th className={th}>Option</th><th className={th}>Disagreements</th><th className={th}>Judge said</th><th className={th}>Physicians said</th></tr></thead>
            <tbody>
              {judge.worst.map((w) => (
                <tr key={`${w.caseId}-${w.optionId}`} className="border-t border-slate-100 align-top">
                  <td className="py-1 pr-3">{w.caseId}</td>
                  <td className="py-1 pr-3">{w.optionId}. {w.text} <span className="text-xs text-slate-600">({w.category})</span></td>
                  <td className={td}>{w.disagreements} of {w.n}{w.unresolved > 0 ? <span className="text-xs text-slate-600"> ({w.unresolved} unresolved left out)</span> : null}</td>
                  <td className="py-1 pr-3 text-xs">{VERDICTS.filter((v) => w.judgeSaid[v] > 0).map((v) => `${VERDICT_LABELS[v].toLowerCase()} ${w.judgeSaid[v]}`).join(', ')}</td>
                  <td className="py-1 pr-3 text-xs">{VERDICTS.filter((v) => w.humansSaid[v] > 0).map((v) => `${VERDICT_LABELS[v].toLowerCase()} ${w.humansSaid[v]}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title="Models scored from the judge's and the physicians' verdicts">
        <p className="mb-2 text-xs text-slate-600" data-testid="scores-used">
          Scored against {scores.variant === 'gold' ? `release v${scores.releaseVersion}'s gold scores (records of cases outside it are left out)` : 'the imported reference scores (no release is locked yet)'}, over the reviewed plans only, with the same records for both columns. A plan with any unresolved option is left out of both columns. Means with their 95% interval half-width.
        </p>
        {comparisons.length > 0 ? (
          <p className="mb-2 text-sm" data-testid="comparison-left-out">
            {comparisons.reduce((s, c) => s + c.records, 0)} reviewed plan(s) scored; {comparisons.reduce((s, c) => s + c.unresolved, 0)} left out for unresolved options.
          </p>
        ) : null}
        {comparisons.length === 0 ? <p className="text-sm text-slate-600">No review submitted yet.</p> : (
          <table className="w-full text-left text-sm" data-testid="model-comparison">
            <thead className="text-slate-600">
              <tr><th className={th}>Model</th><th className={th}>Plans</th><th className={th}>Left out (unresolved)</th><th className={th}>Metric</th><th className={th}>AI judge</th><th className={th}>Physicians</th><th className={th}>Change</th></tr>
            </thead>
            <tbody>
              {comparisons.flatMap((c) =>
                SHOWN.map((metric, i) => {
                  const a = c.judge?.metrics[metric] ?? null;
                  const b = c.human?.metrics[metric] ?? null;
                  return (
                    <tr key={`${c.modelId}-${metric}`} className={i === 0 ? 'border-t border-slate-300' : ''}>
                      <td className="py-1 pr-3 font-medium">{i === 0 ? c.name : ''}</td>
                      <td className={td}>{i === 0 ? c.records : ''}</td>
                      <td className={td}>{i === 0 ? c.unresolved : ''}</td>
                      <td className="py-1 pr-3">{metric}</td>
                      <td className={td}>{f3(a?.mean)}{a ? <span className="text-xs text-slate-500"> ±{f3(a.ci)}</span> : null}</td>
                      <td className={td}>{f3(b?.mean)}{b ? <span className="text-xs text-slate-500"> ±{f3(b.ci)}</span> : null}</td>
                      <td className={td}>{a && b ? f3(b.mean - a.mean) : '—'}</td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
