import 'server-only';
import { notFound } from 'next/navigation';
import { COORDINATING_ROLES, type SessionUser } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { getEvaluation, type EvaluationDetail } from '@/lib/evaluations/queries';
import { requireProjectPage } from '@/lib/projects/access';
import type { ProjectRef } from '@/lib/projects/service';

/** For evaluation pages: the coordinator, the project and the evaluation of that project, or the 404 page. */
export async function requireEvaluationPage(slug: string, evaluationId: string): Promise<{ user: SessionUser; project: ProjectRef; evaluation: EvaluationDetail }> {
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const evaluation = await getEvaluation(user, evaluationId).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  if (evaluation.projectId !== project.id) notFound();
  return { user, project, evaluation };
}
