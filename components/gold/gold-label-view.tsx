import { LocalTime } from '@/components/ui/local-time';
import type { GoldLabel } from '@/lib/gold';

const SIDE_TEXT = { commission: 'harm of doing it', omission: 'harm of omitting it' } as const;

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/** An option's gold label and how it was reached (rule or adjudication: by whom, when, why). */
export function GoldLabelView({ gold, testId, hideReasons = false }: { gold: GoldLabel; testId?: string; hideReasons?: boolean }) {
  return (
    <div className="space-y-0.5 text-sm" data-testid={testId}>
      {gold.status === 'pending' ? (
        <p className="text-slate-600">No gold label yet: needs more ratings ({gold.ratingCount} of at least 2).</p>
      ) : (
        <p>
          <span className="font-semibold" data-testid={testId ? `${testId}-score` : undefined}>Gold {formatScore(gold.score!)}</span>
          {' · '}
          {gold.zone}
          {gold.severity ? ` · ${gold.severity} (${SIDE_TEXT[gold.side!]})` : ''}
          {gold.unanimous ? ' · unanimous' : ''}
        </p>
      )}
      {gold.adjudication ? (
        <p className="text-xs text-slate-700" data-testid={testId ? `${testId}-provenance` : undefined}>
          Adjudicated by <span className="font-medium">{gold.adjudication.adjudicator}</span>, <LocalTime iso={gold.adjudication.at} />
          {gold.median !== null ? ` (median was ${formatScore(gold.median)})` : ''}: “{gold.adjudication.rationale}”
        </p>
      ) : gold.status === 'rule' ? (
        <p className="text-xs text-slate-600" data-testid={testId ? `${testId}-provenance` : undefined}>By rule: median of {gold.ratingCount} ratings.</p>
      ) : null}
      {gold.needsAdjudication && !hideReasons ? (
        <p className="text-xs font-medium text-amber-900">
          <span className="rounded bg-amber-100 px-1">Needs adjudication</span> {gold.reasons.map((r) => r.text).join('; ')}
        </p>
      ) : null}
    </div>
  );
}
