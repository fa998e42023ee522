import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { ReviewFigures } from '@/components/plan-review/review-figures';
import { SampleForm } from '@/components/plan-review/sample-form';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { getReviewOverview } from '@/lib/plan-review/queries';
import { requireProjectPage } from '@/lib/projects/access';

export const metadata: Metadata = { title: 'Physicians as judges' };
export const dynamic = 'force-dynamic';

export default async function PlanReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const overview = await getReviewOverview(user, project.id);
  const { progress } = overview;
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="evaluations" />
      <div>
        <p className="text-sm"><Link href={`/projects/${project.slug}/evaluations`} className="text-sky-800 hover:underline">Evaluations</Link></p>
        <h1 className="text-2xl font-bold">Physicians as judges</h1>
        <p className="text-sm text-slate-600">
          Physicians judge sampled plans as the AI judge did, blinded to the model, the judge and each other: does the plan recommend each rubric option? Figures update as they submit (reload the page).
        </p>
      </div>
      <Card title="Progress">
        <p className="text-sm" data-testid="review-progress">
          {progress.submitted} of {progress.assignments} reviews submitted; {progress.reviewsComplete} of {progress.reviews} plans judged by all their physicians ({progress.reviewsStarted} started).
        </p>
        {overview.models.length > 0 ? (
          <table className="mt-2 text-left text-sm" data-testid="review-models">
            <thead className="text-slate-600"><tr><th className="py-1 pr-3">Model</th><th className="pr-3">Plans uploaded</th><th className="pr-3">Sampled</th><th>Judged by all</th></tr></thead>
            <tbody>
              {overview.models.map((m) => (
                <tr key={m.id} className="border-t border-slate-100"><td className="py-1 pr-3">{m.name}</td><td className="pr-3 tabular-nums">{m.withPlan}</td><td className="pr-3 tabular-nums">{m.sampled}</td><td className="tabular-nums">{m.complete}</td></tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Card>
      <Card title="Sample plans for review">
        <SampleForm projectId={project.id} slug={project.slug} models={overview.models.map((m) => ({ id: m.id, name: m.name, withPlan: m.withPlan, sampled: m.sampled }))} />
      </Card>
      <ReviewFigures overview={overview} />
    </div>
  );
}
