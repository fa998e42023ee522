import { requireProjectPage } from '@/lib/projects/access';

/**
 * The project is checked here, above the option's own not-found boundary: a project outside the
 * viewer's scope answers "No such project" (projects/[slug]/not-found.tsx), a missing option of a
 * visible project "No such option" (./not-found.tsx).
 */
export default async function AdjudicateOptionLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  await requireProjectPage((await params).slug);
  return children;
}
