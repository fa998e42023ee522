import type { RaterAgreement } from '@/lib/agreement';
import type { RaterLabel } from '@/lib/agreement-view/service';
import { Coefficient } from '@/components/agreement/coefficient';
import { formatCoefficient, formatInterval, formatSigned } from '@/lib/format';

/** Each rater against the others: how the panel's alpha moves with and without them. */
export function RaterTable({ raters, labels }: { raters: RaterAgreement[]; labels: Record<string, RaterLabel> }) {
  if (raters.length === 0) return <p className="text-sm text-slate-600">No ratings yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm [&_td]:px-2 [&_th]:px-2" data-testid="rater-table">
        <caption className="mb-2 text-left text-xs text-slate-600">
          Over the options each rater shares with others. Change: alpha with minus alpha without the rater (negative: the panel agrees better without them).
          Offset: mean of own score minus the others&apos; mean (+ lenient, − severe). Intervals: 95% bootstrap over the rater&apos;s cases
          (the change interval is paired: an interval wholly below zero means the panel agrees better without the rater).
        </caption>
        <thead className="align-bottom text-slate-600">
          <tr><th className="py-1">Rater</th><th>Options</th><th>Co-raters</th><th>Alpha with</th><th>Alpha without</th><th>Change</th><th className="whitespace-nowrap">95% interval</th><th>Mean kappa (quadratic)</th><th className="whitespace-nowrap">95% interval</th><th>Offset</th><th className="whitespace-nowrap">95% interval</th></tr>
        </thead>
        <tbody className="tabular-nums">
          {raters.map((r) => (
            <tr key={r.rater} className="border-t border-slate-100">
              <th scope="row" className="py-1 font-medium">
                {labels[r.rater]?.name ?? 'Unknown rater'}
                {labels[r.rater]?.isSimulated ? <span className="ml-1 rounded bg-violet-100 px-1 text-xs text-violet-900">simulated</span> : null}
              </th>
              <td>{r.items}</td>
              <td>{r.co_raters}</td>
              <td>{formatCoefficient(r.alpha_with)}</td>
              <td>{formatCoefficient(r.alpha_without)}</td>
              <td><Coefficient value={r.alpha_change} interval={r.ci?.alpha_change} n={r.items} signed /></td>
              <td className="whitespace-nowrap">{formatInterval(r.ci?.alpha_change)}</td>
              <td><Coefficient value={r.cohen_quadratic_mean} interval={r.ci?.cohen_quadratic_mean} n={r.items} /></td>
              <td className="whitespace-nowrap">{formatInterval(r.ci?.cohen_quadratic_mean)}</td>
              <td className="whitespace-nowrap">{formatSigned(r.mean_offset, 2)}</td>
              <td className="whitespace-nowrap">{formatInterval(r.ci?.mean_offset, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
