'use client';

import Link from 'next/link';
import { useMemo, useState } from 'react';
import { PUBLISHED_METRICS, type Estimate, type ModelMetric } from '@/lib/evaluation/types';
import { VARIANT_LABELS, VARIANTS, type EvaluationResult, type Variant } from '@/lib/evaluations/compute';
import { leaderboard, OVERALL, type LeaderRow } from '@/lib/evaluations/report';

const METRIC_LABELS: Record<string, string> = {
  F1_weighted: 'F1 weighted',
  F1_raw: 'F1 raw',
  Precision_weighted: 'Precision weighted',
  Precision_raw: 'Precision raw',
  Recall_weighted: 'Recall weighted',
  Recall_raw: 'Recall raw',
  Severe_rate: 'Severe rate',
  F1_floor: 'F1 floor',
};

function figure(estimate: Estimate | null | undefined): string {
  return estimate ? `${estimate.mean.toFixed(3)} ± ${estimate.ci.toFixed(3)}` : '–';
}

function RankChange({ row }: { row: LeaderRow }) {
  const { gold, reference } = row.rank;
  if (gold === null || reference === null) return <span>–</span>;
  if (gold === reference) return <span className="whitespace-nowrap text-slate-600">{reference} (same)</span>;
  const up = gold < reference;
  return (
    <span
      className={`whitespace-nowrap rounded px-1.5 py-0.5 font-semibold ${up ? 'bg-emerald-100 text-emerald-900' : 'bg-amber-100 text-amber-900'}`}
      title={`rank ${reference} under the reference scores, ${gold} under the release gold`}
      data-testid="rank-change"
    >
      {reference} → {gold} {up ? `(up ${reference - gold})` : `(down ${gold - reference})`}
    </span>
  );
}

/**
 * The models x the published metrics, with 95% intervals, overall or per specialty. Figures under
 * the release's gold or under the imported reference scores; the rank column always compares both
 * (by the sort metric), so the effect of the new gold on the ranking shows. Click a column to sort.
 */
export function Leaderboard({ result, slug, evaluationId }: { result: EvaluationResult; slug: string; evaluationId: string }) {
  const [scope, setScope] = useState(OVERALL);
  const [variant, setVariant] = useState<Variant>('gold');
  const [sort, setSort] = useState<ModelMetric>('F1_weighted');
  const rows = useMemo(() => leaderboard(result, scope, sort), [result, scope, sort]);
  const sorted = useMemo(() => {
    const other: Variant = variant === 'gold' ? 'reference' : 'gold';
    return [...rows].sort((a, b) => (a.rank[variant] ?? Infinity) - (b.rank[variant] ?? Infinity) || (a.rank[other] ?? Infinity) - (b.rank[other] ?? Infinity) || a.model.localeCompare(b.model));
  }, [rows, variant]);
  const scopeCases = scope === OVERALL ? result.cases : (result.specialties.find((s) => s.code === scope)?.cases ?? 0);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-4 text-sm">
        <label className="block">
          <span className="font-medium">Cases</span>
          <select value={scope} onChange={(e) => setScope(e.target.value)} className="mt-1 block rounded-md border border-slate-300 px-2 py-1.5" data-testid="leaderboard-scope">
            <option value={OVERALL}>All ({result.cases})</option>
            {result.specialties.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.cases})</option>)}
          </select>
        </label>
        <fieldset>
          <legend className="font-medium">Figures under</legend>
          <div className="mt-1 flex gap-3">
            {VARIANTS.map((v) => (
              <label key={v} className="inline-flex items-center gap-1.5">
                <input type="radio" name="variant" value={v} checked={variant === v} onChange={() => setVariant(v)} /> {VARIANT_LABELS[v]}
              </label>
            ))}
          </div>
        </fieldset>
        <span className="ml-auto flex gap-3">
          <a href={`/api/evaluations/${evaluationId}/report?format=csv`} className="font-semibold text-sky-800 hover:underline" download>Download CSV</a>
          <a href={`/api/evaluations/${evaluationId}/report?format=json`} className="font-semibold text-sky-800 hover:underline" download>JSON</a>
        </span>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="leaderboard">
          <caption className="pb-2 text-left text-xs text-slate-600">
            {scopeCases} case(s); mean of case means ± half the 95% stratified cluster bootstrap interval (B = {result.bootstrap}, seed {result.seed}).
            {' '}Ranked by {METRIC_LABELS[sort] ?? sort} under {VARIANT_LABELS[variant]}.
          </caption>
          <thead className="text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-2">Rank</th>
              <th scope="col" className="pr-2">Model</th>
              <th scope="col" className="pr-2">Rank: reference → gold</th>
              {PUBLISHED_METRICS.map((m) => (
                <th key={m} scope="col" className="pr-2" aria-sort={sort === m ? (m === 'Severe_rate' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" onClick={() => setSort(m)} className={`text-left hover:underline ${sort === m ? 'font-bold text-slate-900' : ''}`}>
                    {METRIC_LABELS[m] ?? m}
                  </button>
                </th>
              ))}
              <th scope="col" className="pr-2">Cases</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={row.modelId} className="border-t border-slate-100" data-testid="leaderboard-row" data-model={row.model}>
                <td className="py-1.5 pr-2 font-semibold">{row.rank[variant] ?? '–'}</td>
                <td className="pr-2">
                  <Link href={`/projects/${slug}/evaluations/${evaluationId}/models/${row.modelId}?variant=${variant}`} className="font-medium text-sky-800 hover:underline">{row.model}</Link>
                </td>
                <td className="pr-2"><RankChange row={row} /></td>
                {PUBLISHED_METRICS.map((m) => (
                  <td key={m} className="whitespace-nowrap pr-2 tabular-nums" data-metric={m}>{figure(row.metrics[variant][m])}</td>
                ))}
                <td className="pr-2 tabular-nums">{row.cases}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
