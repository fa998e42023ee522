import Link from 'next/link';
import type { CaseRow } from '@/lib/projects/overview';

const STATE_LABEL: Record<CaseRow['state'], string> = { waiting: 'Waiting for physicians', rating: 'Being rated', complete: 'Fully rated', locked: 'Locked' };
const STATE_STYLE: Record<CaseRow['state'], string> = {
  waiting: 'bg-amber-100 text-amber-900',
  rating: 'bg-sky-100 text-sky-900',
  complete: 'bg-emerald-100 text-emerald-900',
  locked: 'bg-slate-200 text-slate-800',
};

export function CasesTable({ slug, cases }: { slug: string; cases: CaseRow[] }) {
  if (cases.length === 0) return <p className="text-sm text-slate-600">No cases yet: import NOHARM rubric files above.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-600">
          <tr><th className="py-2">Case</th><th>Specialty</th><th>Options</th><th>State</th><th>Physicians (rated / options)</th></tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} className="border-t border-slate-100 align-top" data-testid={`case-${c.externalId}`}>
              <td className="py-2 font-medium">
                <Link href={`/projects/${slug}/cases/${c.externalId}`} className="text-sky-800 hover:underline">{c.externalId}</Link>
              </td>
              <td>{c.specialty}</td>
              <td>{c.options}</td>
              <td>
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_STYLE[c.state]}`} data-testid={`case-state-${c.externalId}`}>
                  {STATE_LABEL[c.state]}
                  {c.state === 'waiting' ? ` (${c.raters.length} of ${c.need})` : ''}
                  {c.state === 'locked' && c.lockedIn ? ` in v${c.lockedIn}` : ''}
                </span>
              </td>
              <td>
                <ul>
                  {c.raters.map((r, index) => (
                    <li key={index}>
                      {r.name}
                      {r.isSimulated ? <span className="ml-1 rounded bg-violet-100 px-1 text-xs text-violet-900">simulated</span> : null}
                      <span className="text-slate-600"> · {r.rated}/{c.options}</span>
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
