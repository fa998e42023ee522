import { notFound } from 'next/navigation';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { getEvaluation } from '@/lib/evaluations/queries';
import { requireProjectPage } from '@/lib/projects/access';

/**
 * The evaluation is checked here, above the model's own not-found boundary: a missing evaluation
 * answers "No such evaluation" (../../not-found.tsx), a model it did not score "No such model in
 * this evaluation" (./not-found.tsx).
 */
export default async function EvaluatedModelLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; evaluationId: string }> }) {
  const { slug, evaluationId } = await params;
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const evaluation = await getEvaluation(user, evaluationId).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  if (evaluation.projectId !== project.id) notFound();
  return children;
}
