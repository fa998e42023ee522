import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { KeyLegend } from '@/components/plan-review/key-legend';
import { PlanJudge } from '@/components/plan-review/plan-judge';
import { requirePageUser } from '@/lib/auth/session';
import { RATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { getReviewForJudging } from '@/lib/plan-review/queries';

export const metadata: Metadata = { title: 'Judge a plan' };

/** A physician judges one plan: blinded to the model, the AI judge, other physicians and every score. */
export default async function JudgePlanPage({ params }: { params: Promise<{ reviewId: string }> }) {
  const [{ reviewId }, user] = await Promise.all([params, requirePageUser(RATING_ROLES)]);
  const data = await getReviewForJudging(user, reviewId).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <Link href="/rate" className="text-sm font-medium text-sky-800 hover:underline">← My cases</Link>
        <h1 className="text-xl font-bold">Judge a plan for {data.caseId} <span className="text-base font-normal text-slate-600">· {data.specialty}</span></h1>
      </div>
      <p className="text-sm text-slate-700">
        Read the case and the plan, then say for every option whether the plan recommends it: <b>yes</b>, <b>partly</b> (in part, or less specifically) or <b>no</b>.
      </p>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="space-y-3 lg:sticky lg:top-4 lg:max-h-[calc(100vh-2rem)] lg:self-start lg:overflow-y-auto">
          <details open className="rounded-md bg-white p-4 ring-1 ring-slate-200">
            <summary className="cursor-pointer font-semibold">Case presentation</summary>
            <p className="mt-2 whitespace-pre-line leading-relaxed" data-testid="presentation">{data.presentation}</p>
          </details>
          <section className="rounded-md bg-white p-4 ring-1 ring-slate-200" aria-labelledby="plan-heading">
            <h2 id="plan-heading" className="font-semibold">The plan</h2>
            <p className="mt-2 whitespace-pre-line text-sm leading-relaxed" data-testid="plan-text">{data.plan}</p>
          </section>
          <div className="rounded-md bg-white p-4 ring-1 ring-slate-200"><KeyLegend /></div>
        </div>
        <PlanJudge reviewId={data.reviewId} userId={user.id} options={data.options} initial={data.myVerdicts} submitted={data.submitted} nextReviewId={data.nextReviewId} />
      </div>
    </div>
  );
}
