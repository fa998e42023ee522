import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { requireProjectPage } from '@/lib/projects/access';

/**
 * The project is checked here, above the evaluation's own not-found boundary: a project outside the
 * viewer's scope answers "No such project" (projects/[slug]/not-found.tsx), a missing evaluation of
 * a visible project "No such evaluation" (./not-found.tsx).
 */
export default async function EvaluationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireProjectPage(slug, COORDINATING_ROLES);
  return children;
}
