import type { Metadata } from 'next';
import Link from 'next/link';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { CaseRater } from '@/components/rating/case-rater';
import { EarlyKeys } from '@/components/rating/early-keys';
import { ScaleLegend } from '@/components/rating/scale-legend';
import { requirePageUser } from '@/lib/auth/session';
import { RATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { getCaseForRating } from '@/lib/ratings/service';

export const metadata: Metadata = { title: 'Rate a case' };

export default async function RateCasePage({ params }: { params: Promise<{ caseId: string }> }) {
  const [{ caseId }, user, requestHeaders] = await Promise.all([params, requirePageUser(RATING_ROLES), headers()]);
  const data = await getCaseForRating({ user, caseId }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-3">
      <EarlyKeys nonce={requestHeaders.get('x-nonce') ?? undefined} />
      <div className="flex items-baseline justify-between gap-3">
        <Link href="/rate" className="text-sm font-medium text-sky-800 hover:underline">← My cases</Link>
        <h1 className="text-xl font-bold">Case {data.externalId} <span className="text-base font-normal text-slate-600">· {data.specialty}</span></h1>
      </div>
      <CaseRater
        data={data}
        userId={user.id}
        presentation={
          <>
            <details open className="p-4">
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
          </>
        }
      />
    </div>
  );
}
