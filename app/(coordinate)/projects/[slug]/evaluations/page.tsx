import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { CreateEvaluationForm } from '@/components/evaluations/create-evaluation-form';
import { ModelsList } from '@/components/evaluations/models-list';
import { UploadModelForm } from '@/components/evaluations/upload-model-form';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { listEvalModels, listEvaluations } from '@/lib/evaluations/queries';
import { requireProjectPage } from '@/lib/projects/access';
import { listReleases } from '@/lib/releases/queries';

export const metadata: Metadata = { title: 'Evaluations' };

export default async function EvaluationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const [models, evaluations, releases] = await Promise.all([listEvalModels(user, project.id), listEvaluations(user, project.id), listReleases(project.id)]);
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="evaluations" />
      <div>
        <h1 className="text-2xl font-bold">Model evaluations of {project.name}</h1>
        <p className="text-sm text-slate-600">
          Score AI models&apos; judged plans (NOHARM&apos;s <code>*_judged.jsonl</code>) against a locked release&apos;s gold, and against the imported reference scores beside it.
        </p>
      </div>
      <Card title={`Evaluations (${evaluations.length})`}>
        {evaluations.length === 0 ? (
          <p className="text-sm text-slate-600">None yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="evaluations-list">
            {evaluations.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 py-1.5">
                <Link href={`/projects/${project.slug}/evaluations/${e.id}`} className="font-semibold text-sky-800 hover:underline">
                  {e.models} model(s) against v{e.releaseVersion}
                </Link>
                <span className="text-slate-600"><LocalTime iso={e.createdAt} /> by {e.createdBy}; B = {e.bootstrap}, seed {e.seed}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Score models against a release">
        <CreateEvaluationForm
          projectId={project.id}
          slug={project.slug}
          releases={releases.map((r) => ({ dbId: r.dbId, version: r.version, cases: r.cases, releaseId: r.releaseId }))}
          models={models.map((m) => ({ id: m.id, name: m.name, records: m.records }))}
        />
      </Card>
      <Card title="Physicians as judges">
        <p className="text-sm text-slate-700">
          Let physicians judge a sample of the plans, blinded, and see how far the AI judge agrees with them and how the models&apos; metrics move.{' '}
          <Link href={`/projects/${project.slug}/evaluations/review`} className="font-semibold text-sky-800 hover:underline" data-testid="plan-review-link">Open the human review</Link>
        </p>
      </Card>
      <Card title={`Models (${models.length})`}>
        <div className="space-y-5">
          <ModelsList models={models} slug={project.slug} />
          <UploadModelForm projectId={project.id} slug={project.slug} />
        </div>
      </Card>
    </div>
  );
}
