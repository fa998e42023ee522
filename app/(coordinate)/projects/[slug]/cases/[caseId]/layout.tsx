import { requireProjectPage } from '@/lib/projects/access';

/**
 * The project is checked here, above the case's own not-found boundary: a project outside the
 * viewer's scope answers "No such project" (projects/[slug]/not-found.tsx), a missing case of a
 * visible project "No such case" (./not-found.tsx).
 */
export default async function CaseLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  await requireProjectPage((await params).slug);
  return children;
}
