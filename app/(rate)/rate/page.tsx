import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { requirePageUser } from '@/lib/auth/session';
import { RATING_ROLES } from '@/lib/auth/roles';
import { listAssignedCases } from '@/lib/ratings/service';

export const metadata: Metadata = { title: 'My cases' };

const STATUS_LABEL = { ASSIGNED: 'Not started', IN_PROGRESS: 'In progress', COMPLETED: 'Done', DECLINED: 'Declined' } as const;

export default async function MyCasesPage() {
  const user = await requirePageUser(RATING_ROLES);
  const cases = await listAssignedCases({ user });
  const open = cases.filter((c) => c.status !== 'COMPLETED').length;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">My cases</h1>
        <p className="text-sm text-slate-600">{cases.length === 0 ? 'No case has been assigned to you yet.' : `${open} of ${cases.length} case(s) still to rate.`}</p>
      </div>
      {cases.length > 0 ? (
        <Card>
          <table className="w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr><th className="py-2">Case</th><th>Specialty</th><th>Study</th><th>Progress</th><th>Status</th><th><span className="sr-only">Open</span></th></tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.caseId} className="border-t border-slate-100" data-testid={`assigned-${c.externalId}`}>
                  <td className="py-2 font-medium">{c.externalId}</td>
                  <td>{c.specialty}</td>
                  <td>{c.projectName}</td>
                  <td>
                    <progress className="mr-2 h-2 w-24 align-middle" max={c.total} value={c.rated} aria-label={`${c.rated} of ${c.total} options rated`} />
                    {c.rated}/{c.total}
                  </td>
                  <td>{c.locked ? 'Locked' : STATUS_LABEL[c.status]}</td>
                  <td className="text-right">
                    <Link href={`/rate/${c.caseId}`} className="font-semibold text-sky-800 underline-offset-2 hover:underline">
                      {c.locked || c.status === 'COMPLETED' ? 'Review' : c.rated > 0 ? 'Continue' : 'Start'}
                      <span className="sr-only"> {c.externalId}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
    </div>
  );
}
