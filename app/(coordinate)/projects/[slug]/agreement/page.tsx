import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BreakdownTable } from '@/components/agreement/breakdown-table';
import { CoefficientTable } from '@/components/agreement/coefficient-table';
import { DisagreementList } from '@/components/agreement/disagreement-list';
import { KappaHeatmap } from '@/components/agreement/kappa-heatmap';
import { LiveRefresh } from '@/components/agreement/live-refresh';
import { RaterTable } from '@/components/agreement/rater-table';
import { ScoreHistogram } from '@/components/agreement/score-histogram';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { getAgreementView } from '@/lib/agreement-view/service';
import { requireProjectPage } from '@/lib/projects/access';
import { isAppError } from '@/lib/errors';

export const metadata: Metadata = { title: 'Agreement' };

export default async function AgreementPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user } = await requireProjectPage(slug);
  const view = await getAgreementView({ slug, viewerRole: user.role }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { snapshot, project } = view;
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="agreement" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Inter-rater agreement</h1>
        </div>
        <LiveRefresh slug={slug} computedFor={`${snapshot.overall.ratings} rating(s)`} />
      </div>
      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <Card title="Overall">
          <CoefficientTable overall={snapshot.overall} />
        </Card>
        <Card title="Distribution of scores">
          <ScoreHistogram counts={snapshot.distribution} />
        </Card>
      </div>
      <Card title="By specialty">
        <BreakdownTable groups={snapshot.byDimension.specialty} label="Specialty" nameOf={(code) => view.specialties[code] ?? code} testId="by-specialty" />
      </Card>
      <Card title="By option category">
        <BreakdownTable groups={snapshot.byDimension.category} label="Category" testId="by-category" />
      </Card>
      <Card title="By case">
        <BreakdownTable groups={snapshot.byDimension.case} label="Case" testId="by-case" />
      </Card>
      <Card title="Each rater against the others">
        <RaterTable raters={snapshot.raters} labels={view.raters} />
      </Card>
      <Card title="Rater × rater agreement (quadratic-weighted Cohen's kappa)">
        <KappaHeatmap matrix={snapshot.matrix} labels={view.raters} specialtiesOf={view.raterSpecialties} specialtyNames={view.specialties} />
      </Card>
      <Card title={`Options in RAND/UCLA disagreement (${snapshot.disagreements.length})`}>
        <p className="mb-2 text-xs text-slate-600">
          Disagreement: the 30th-70th interpercentile range exceeds IPRAS = 2.35 + 1.5 × |5 − (P30 + P70)/2|, or, in panels under six, a rating in 1-3 and another in 7-9.
        </p>
        <DisagreementList slug={slug} items={snapshot.disagreements} options={view.options} />
      </Card>
    </div>
  );
}
