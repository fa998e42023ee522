import Link from 'next/link';
import { Card } from '@/components/ui/card';
import type { MyReviewRow } from '@/lib/plan-review/queries';

/** The physician's plans to judge, beside their cases on /rate. */
export function MyReviews({ reviews }: { reviews: MyReviewRow[] }) {
  if (reviews.length === 0) return null;
  const open = reviews.filter((r) => !r.submitted).length;
  return (
    <Card>
      <h2 id="plans-to-judge" className="mb-1 text-lg font-semibold">Plans to judge <span className="text-sm font-normal text-slate-600">({open} open of {reviews.length})</span></h2>
      <p className="mb-2 text-sm text-slate-600">Say for each option of a case whether a written plan recommends it.</p>
      <table className="w-full text-left text-sm" aria-labelledby="plans-to-judge">
        <thead className="text-slate-600">
          <tr><th className="py-1.5">Case</th><th>Specialty</th><th>Study</th><th>Progress</th><th><span className="sr-only">Open</span></th></tr>
        </thead>
        <tbody>
          {reviews.map((r, i) => (
            <tr key={r.reviewId} className="border-t border-slate-100" data-testid={`plan-review-${i}`}>
              <td className="py-1.5 font-medium">
                {r.caseId}
                {r.plansOfCase > 1 ? <span className="ml-1.5 text-xs font-normal text-slate-600">plan {r.plan} of {r.plansOfCase}</span> : null}
              </td>
              <td>{r.specialty}</td>
              <td>{r.projectName}</td>
              <td>{r.answered} of {r.total} answered{r.submitted ? <span className="ml-2 text-xs text-emerald-800">submitted</span> : null}</td>
              <td className="text-right">
                <Link href={`/judge/${r.reviewId}`} className="rounded px-1 font-semibold text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-700">
                  {r.submitted ? 'Review' : r.answered > 0 ? 'Continue' : 'Judge'}<span className="sr-only"> plan {r.plan} for {r.caseId}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
