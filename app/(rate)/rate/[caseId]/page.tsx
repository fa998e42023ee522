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
    <div className="space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <Link href="/rate" className="text-sm font-medium text-sky-800 hover:underline">← My cases</Link>
        <h1 className="text-xl font-bold">Case {data.externalId} <span className="text-base font-normal text-slate-600">· {data.specialty}</span></h1>
      </div>
      <div className="gap-6 lg:grid lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        {/* Side by side on a laptop; on a tablet the presentation stays at the top and folds away. */}
        <aside className="sticky top-0 z-20 mb-3 max-h-[40vh] overflow-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200 lg:top-4 lg:mb-0 lg:max-h-[calc(100vh-2rem)] lg:self-start">
          <details open className="group p-4">
            <summary className="cursor-pointer font-semibold">Case presentation</summary>
            <p className="mt-2 whitespace-pre-line leading-relaxed" data-testid="presentation">{data.presentation}</p>
            {data.recommendations ? (
              <div className="mt-3 border-t border-slate-200 pt-2">
                <h2 className="font-semibold">Specialist&apos;s recommendation</h2>
                <p className="whitespace-pre-line text-sm leading-relaxed" data-testid="recommendations">{data.recommendations}</p>
              </div>
            ) : null}
          </details>
          <div className="hidden px-4 pb-4 lg:block"><ScaleLegend /></div>
        </aside>
        <CaseRater data={data} userId={user.id} />
      </div>
    </div>
  );
}
