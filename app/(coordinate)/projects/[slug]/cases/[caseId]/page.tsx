import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { LiveCaseRefresh } from '@/components/adjudication/live-case-refresh';
import { OptionThreadView } from '@/components/adjudication/option-thread';
import { GoldLabelView } from '@/components/gold/gold-label-view';
import { requireProjectPage } from '@/lib/projects/access';
import { isAppError } from '@/lib/errors';
import { getCaseReview } from '@/lib/projects/case-review';
import { FLAG_LABEL } from '@/lib/ratings/schema';

export const metadata: Metadata = { title: 'Case review' };

export default async function CaseReviewPage({ params }: { params: Promise<{ slug: string; caseId: string }> }) {
  const { slug, caseId } = await params;
  const { user, project } = await requireProjectPage(slug);
  const review = await getCaseReview({ slug, externalId: caseId, viewerRole: user.role }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <ProjectNav slug={slug} name={project.name} role={user.role} current="overview" />
      <div>
        <Link href={`/projects/${slug}/agreement`} className="text-sm font-medium text-sky-800 hover:underline">← Agreement</Link>
        <h1 className="text-2xl font-bold">Case {review.externalId}</h1>
        <p className="text-sm text-slate-600">{review.specialty}{review.lockedAt ? <> · locked <LocalTime iso={review.lockedAt} /></> : null}</p>
        <LiveCaseRefresh slug={slug} />
      </div>
      <Card title="Presentation">
        <p className="whitespace-pre-line">{review.presentation}</p>
        <p className="mt-3 text-sm text-slate-700"><span className="font-medium">Specialist recommendations:</span> {review.recommendations}</p>
      </Card>
      <Card title="Options and ratings">
        <table className="w-full text-left text-sm">
          <thead className="text-slate-600">
            <tr><th scope="col" className="py-1 pr-2">#</th><th scope="col" className="pr-2">Option</th><th scope="col" className="pr-2">Ratings</th><th scope="col" className="pr-2">Median</th><th scope="col" className="pr-2">RAND/UCLA</th><th scope="col" className="pr-2">Gold label</th><th scope="col">Reference</th></tr>
          </thead>
          <tbody>
            {review.options.map((o) => (
              <tr key={o.number} id={`option-${o.number}`} className="border-t border-slate-100 align-top target:bg-amber-50">
                <td className="py-1.5 font-semibold">{o.number}</td>
                <td>
                  {o.text}<span className="block text-xs text-slate-600">{o.category}</span>
                  {o.flags.map((f, i) => (
                    <span key={i} className="mr-1 mt-1 inline-block rounded bg-amber-100 px-1.5 text-xs text-amber-900" data-testid={`review-flag-${o.number}`}>⚑ {FLAG_LABEL[f.kind as keyof typeof FLAG_LABEL]} ({f.rater})</span>
                  ))}
                  {o.comments.map((c, i) => (
                    <blockquote key={i} className="mt-1 border-l-2 border-sky-300 pl-2 text-xs text-slate-800" data-testid={`review-comment-${o.number}`}>“{c.body}” <span className="text-slate-500">({c.rater})</span></blockquote>
                  ))}
                </td>
                <td className="tabular-nums">
                  {o.ratings.length === 0 ? '–' : o.ratings.map((r, i) => (
                    <span key={i} className="mr-2 inline-block" title={r.rater}>{r.score}<span className="text-xs text-slate-500"> ({r.rater}{r.isSimulated ? ', simulated' : ''}{r.activeSeconds !== null ? `, ${r.activeSeconds} s active` : ''})</span></span>
                  ))}
                </td>
                <td className="tabular-nums">{o.analysis.median ?? '–'}</td>
                <td className="pr-2">
                  {o.analysis.disagreement ? (
                    <span className="rounded bg-amber-100 px-1.5 text-amber-900">disagreement ({o.analysis.disagreementRule === 'ipr' ? 'IPR > IPRAS' : o.analysis.disagreementRule === 'both' ? 'small panel and IPR > IPRAS' : 'small panel: 1-3 and 7-9'})</span>
                  ) : o.analysis.n < 2 ? (
                    '–'
                  ) : o.analysis.unanimousZone ? (
                    'same zone'
                  ) : (
                    'no disagreement, zones differ'
                  )}
                </td>
                <td className="min-w-56 pr-2">
                  <GoldLabelView gold={o.gold} testId={`gold-${o.number}`} />
                  {o.gold.needsAdjudication || o.gold.adjudication ? (
                    <Link href={`/projects/${slug}/adjudication/${o.id}`} className="text-xs font-medium text-sky-800 hover:underline">{o.gold.adjudication ? 'Change the adjudication' : 'Adjudicate'}</Link>
                  ) : null}
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer text-sky-800">Thread ({o.thread.entries.length})</summary>
                    <div className="mt-1"><OptionThreadView optionId={o.id} thread={o.thread} testId={`thread-${o.number}`} /></div>
                  </details>
                </td>
                <td className="tabular-nums">{o.referenceScore ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
