import { formatCoefficient, formatInterval } from '@/lib/format';
import type { GoldSide, ReleaseDiff } from '@/lib/releases/diff';

const label = (g: GoldSide) =>
  g.gold_score === null
    ? 'no gold label'
    : `${g.gold_score}${g.gold_source === 'adjudicated' ? ' (adjudicated)' : ''} · ${g.zone ?? '–'}${g.severity ? ` · ${g.severity} (harm of ${g.harm_side === 'omission' ? 'omitting' : 'doing'} it)` : ''}`;

/** What changed from the version before: cases added and removed, gold scores and labels that changed, agreement before and after. */
export function ReleaseDiffView({ diff, previous, version }: { diff: ReleaseDiff; previous: number; version: number }) {
  return (
    <div className="space-y-4 text-sm" data-testid="release-diff">
      <p>
        <span className="font-semibold">Cases added ({diff.casesAdded.length}):</span> {diff.casesAdded.length > 0 ? diff.casesAdded.join(', ') : 'none'}
        {diff.casesRemoved.length > 0 ? (
          <>
            <br />
            <span className="font-semibold">Cases removed ({diff.casesRemoved.length}):</span> {diff.casesRemoved.join(', ')}
          </>
        ) : null}
      </p>
      <div>
        <h3 className="font-semibold">Gold scores or labels changed ({diff.goldChanged.length})</h3>
        {diff.goldChanged.length === 0 ? (
          <p className="text-slate-600">No option in both versions changed its gold score or label.</p>
        ) : (
          <table className="mt-1 w-full text-left" data-testid="release-gold-changes">
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-3">Case</th>
                <th scope="col" className="py-1 pr-3">Option</th>
                <th scope="col" className="py-1 pr-3">v{previous}</th>
                <th scope="col" className="py-1">v{version}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {diff.goldChanged.map((g) => (
                <tr key={`${g.case_id}-${g.option_id}`}>
                  <td className="py-1 pr-3 font-mono">{g.case_id}</td>
                  <td className="py-1 pr-3">
                    {g.option_id}. {g.text.length > 90 ? `${g.text.slice(0, 90)}…` : g.text}
                  </td>
                  <td className="py-1 pr-3">{label(g.before)}</td>
                  <td className="py-1">{label(g.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <div>
        <h3 className="font-semibold">Agreement before and after (Krippendorff&apos;s alpha, ordinal)</h3>
        <table className="mt-1 w-full max-w-2xl text-left" data-testid="release-agreement-change">
          <thead className="text-xs uppercase text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3">Group</th>
              <th scope="col" className="py-1 pr-3">v{previous}</th>
              <th scope="col" className="py-1">v{version}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {diff.agreement.map((a) => (
              <tr key={a.group}>
                <td className="py-1 pr-3">{a.group}</td>
                {[a.before, a.after].map((p, i) => (
                  <td key={i} className="py-1 pr-3 tabular-nums">
                    {p ? `${formatCoefficient(p.alpha_ordinal)} (${p.ci ? formatInterval({ lower: p.ci[0], upper: p.ci[1] }) : 'no interval'}; n = ${p.items})` : '–'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
