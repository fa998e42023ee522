import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CaseRater } from '@/components/rating/case-rater';
import { ScaleLegend } from '@/components/rating/scale-legend';
import { requirePageUser } from '@/lib/auth/session';
import { RATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { getCaseForRating } from '@/lib/ratings/service';

export const metadata: Metadata = { title: 'Rate a case' };

export default async function RateCasePage({ params }: { params: Promise<{ caseId: string }> }) {
  const [{ caseId }, user] = await Promise.all([params, requirePageUser(RATING_ROLES)]);
  const data = await getCaseForRating({ user, caseId }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-4">
      <Link href="/rate" className="text-sm font-medium text-sky-800 hover:underline">← My cases</Link>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <aside className="space-y-4 lg:sticky lg:top-4 lg:self-start">
          <section aria-labelledby="case-title" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <h1 id="case-title" className="text-xl font-bold">Case {data.externalId}</h1>
            <p className="text-sm text-slate-600">{data.specialty}</p>
            <p className="mt-3 whitespace-pre-line leading-relaxed" data-testid="presentation">{data.presentation}</p>
          </section>
          <ScaleLegend />
        </aside>
        <CaseRater options={data.options} locked={data.locked} />
      </div>
    </div>
  );
}
