import type { GroupSummary } from '@/lib/agreement';
import { Coefficient } from '@/components/agreement/coefficient';
import { formatCoefficient, formatInterval } from '@/lib/format';

/** One row per group (specialty, case or option category) with the main coefficients and CIs. */
export function BreakdownTable({ groups, label, nameOf, testId }: { groups: GroupSummary[]; label: string; nameOf?: (value: string) => string; testId: string }) {
  if (groups.length === 0) return <p className="text-sm text-slate-600">No ratings yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm [&_td]:px-2 [&_th]:px-2" data-testid={testId}>
        <thead className="align-bottom text-slate-600">
          <tr>
            <th className="py-1">{label}</th><th>Options</th><th>Ratings</th><th>Alpha (ordinal)</th><th className="whitespace-nowrap">95% interval</th><th>AC2 (quadratic)</th><th className="whitespace-nowrap">95% interval</th><th>Fleiss&apos; kappa</th><th>% agreement</th>
          </tr>
        </thead>
        <tbody className="tabular-nums">
          {groups.map((g) => (
            <tr key={g.value} className="border-t border-slate-100">
              <th scope="row" className="py-1 font-medium">{nameOf ? nameOf(g.value) : g.value}</th>
              <td>{g.items}</td>
              <td>{g.ratings}</td>
              <td><Coefficient value={g.alpha.ordinal} interval={g.ci?.alpha.ordinal} n={g.items} title={g.notes['alpha.ordinal']} /></td>
              <td className="whitespace-nowrap">{formatInterval(g.ci?.alpha.ordinal)}</td>
              <td><Coefficient value={g.gwet_ac2.quadratic} interval={g.ci?.gwet_ac2.quadratic} n={g.items} /></td>
              <td className="whitespace-nowrap">{formatInterval(g.ci?.gwet_ac2.quadratic)}</td>
              <td>{formatCoefficient(g.fleiss_kappa)}</td>
              <td>{formatCoefficient(g.percent_agreement)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
