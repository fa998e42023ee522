import { requireEvaluationPage } from '@/lib/evaluations/page-access';

/**
 * The evaluation is checked here, above the model's own not-found boundary: a missing evaluation
 * answers "No such evaluation" (../../not-found.tsx), a model it did not score "No such model in
 * this evaluation" (./not-found.tsx).
 */
export default async function EvaluatedModelLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string; evaluationId: string }> }) {
  const { slug, evaluationId } = await params;
  await requireEvaluationPage(slug, evaluationId);
  return children;
}
