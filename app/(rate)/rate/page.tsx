import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { FocusOnMount } from '@/components/rating/focus-on-mount';
import { MyReviews } from '@/components/plan-review/my-reviews';
import { requirePageUser } from '@/lib/auth/session';
import { RATING_ROLES } from '@/lib/auth/roles';
import { DECLINE_LABEL } from '@/lib/ratings/schema';
import { getMyWork, type AssignedCaseSummary } from '@/lib/ratings/service';
import { listMyReviews } from '@/lib/plan-review/queries';

export const metadata: Metadata = { title: 'My cases' };

function CaseTable({ title, cases, action, focusFirst }: { title: string; cases: AssignedCaseSummary[]; action: string; focusFirst?: boolean }) {
  if (cases.length === 0) return null;
  const id = `cases-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <Card>
      <h2 id={id} className="mb-2 text-lg font-semibold">{title} <span className="text-sm font-normal text-slate-600">({cases.length})</span></h2>
      <table className="w-full text-left text-sm" aria-labelledby={id}>
        <thead className="text-slate-600">
          <tr><th className="py-1.5">Case</th><th>Specialty</th><th>Study</th><th>Progress</th><th><span className="sr-only">Open</span></th></tr>
        </thead>
        <tbody>
          {cases.map((c, i) => (
            <tr key={c.caseId} className="border-t border-slate-100" data-testid={`assigned-${c.externalId}`}>
              <td className="py-1.5 font-medium">{c.externalId}</td>
              <td>{c.specialty}</td>
              <td>{c.projectName}</td>
              <td>
                <span className="mr-2 inline-block h-2 w-24 overflow-hidden rounded bg-slate-200 align-middle" aria-hidden>
                  <span className="block h-full bg-sky-700" style={{ width: `${c.total === 0 ? 0 : Math.round((100 * c.rated) / c.total)}%` }} />
                </span>
                <span>{c.rated} of {c.total} rated</span>
                {c.locked ? <span className="ml-2 text-xs text-slate-600">locked</span> : c.submitted ? <span className="ml-2 text-xs text-emerald-800">submitted</span> : null}
              </td>
              <td className="text-right">
                <Link href={`/rate/${c.caseId}`} data-continue={focusFirst && i === 0 ? '' : undefined} className="rounded px-1 font-semibold text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700">
                  {action}<span className="sr-only"> {c.externalId}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export default async function MyCasesPage({ searchParams }: { searchParams: Promise<{ declined?: string }> }) {
  const [user, query] = await Promise.all([requirePageUser(RATING_ROLES), searchParams]);
  const [work, reviews] = await Promise.all([getMyWork({ user }), listMyReviews(user)]);
  const open = work.inProgress.length + work.toDo.length;
  const all = open + work.completed.length;
  const next = work.inProgress[0] ?? work.toDo[0];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">My cases</h1>
        <p className="text-sm text-slate-600">
          {all === 0 ? 'No case has been assigned to you yet.' : open === 0 ? `All ${all} of your cases are done. Thank you.` : `${open} of ${all} case(s) still to rate.`}
          {next ? <> Press <kbd className="rounded border px-1">Enter</kbd> to {work.inProgress[0] ? 'continue' : 'start'} {next.externalId}.</> : null}
        </p>
      </div>
      {next ? <FocusOnMount selector="[data-continue]" /> : null}
      {query.declined ? <p role="status" className="rounded bg-emerald-50 p-3 text-sm text-emerald-900">The case was declined and handed back to the coordinators&apos; pool.</p> : null}
      <CaseTable title="In progress" cases={work.inProgress} action="Continue" focusFirst />
      <CaseTable title="To do" cases={work.toDo} action="Start" focusFirst={work.inProgress.length === 0} />
      <MyReviews reviews={reviews} />
      <CaseTable title="Completed" cases={work.completed} action="Review" />
      {work.removed.length > 0 ? (
        <Card>
          <h2 className="mb-2 text-lg font-semibold">No longer yours</h2>
          <ul className="space-y-1 text-sm" data-testid="removed-cases">
            {work.removed.map((r) => (
              <li key={`${r.caseId}-${r.why}`} data-testid={`removed-${r.externalId}`}>
                <span className="font-medium">{r.externalId}</span> ({r.projectName}):{' '}
                {r.why === 'declined' ? `you declined it${r.reason && r.reason in DECLINE_LABEL ? ` (${DECLINE_LABEL[r.reason as keyof typeof DECLINE_LABEL].toLowerCase()})` : ''}` : 'handed to another rater by the coordinators'},{' '}
                <LocalTime iso={r.when} style="date" />.
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
