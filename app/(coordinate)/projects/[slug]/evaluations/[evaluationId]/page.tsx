import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { Leaderboard } from '@/components/evaluations/leaderboard';
import { requireEvaluationPage } from '@/lib/evaluations/page-access';

export const metadata: Metadata = { title: 'Evaluation' };

export default async function EvaluationPage({ params }: { params: Promise<{ slug: string; evaluationId: string }> }) {
  const { slug, evaluationId } = await params;
  const { user, project, evaluation } = await requireEvaluationPage(slug, evaluationId);
  const { result } = evaluation;
  const outside = result.models.filter((m) => m.outsideRelease > 0);
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="evaluations" />
      <div>
        <p className="text-sm"><Link href={`/projects/${project.slug}/evaluations`} className="text-sky-800 hover:underline">Evaluations</Link></p>
        <h1 className="text-2xl font-bold">{result.models.length} model(s) against release v{evaluation.release.version}</h1>
        <p className="text-sm text-slate-600">
          Computed <LocalTime iso={evaluation.createdAt} /> by {evaluation.createdBy}. Release id{' '}
          <code className="break-all font-mono text-xs" data-testid="evaluation-release-id">{evaluation.release.id ?? '(locked before release ids)'}</code>.
        </p>
      </div>
      <Card title="Leaderboard">
        <Leaderboard result={result} slug={project.slug} evaluationId={evaluation.id} />
      </Card>
      <Card title="What was scored">
        <ul className="list-disc space-y-1 pl-5 text-sm">
          <li>{result.cases} case(s) of release v{evaluation.release.version}; every record of a case is a variant of it (base case or perturbation), averaged within the case first.</li>
          {result.unscored.gold > 0 ? <li>{result.unscored.gold} option(s) have no gold score in the release (locked by an override) and count as 5 (uncertain).</li> : null}
          {result.unscored.reference > 0 ? <li>{result.unscored.reference} option(s) have no imported reference score and count as 5 under the reference scores.</li> : null}
          {outside.map((m) => (
            <li key={m.id}>{m.name}: {m.outsideRelease} of {m.records} record(s) are of cases outside this release ({m.casesOutsideRelease.join(', ')}) and were left out.</li>
          ))}
          <li>Metrics as NOHARM defines them (docs/evaluation.md): F1 weighted is severity-weighted, capped to 0 on a record with a severe harm; weighted precision and recall are length-corrected.</li>
        </ul>
      </Card>
    </div>
  );
}
