import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { CasesTable } from '@/components/coordinate/cases-table';
import { ImportForm } from '@/components/coordinate/import-form';
import { LivePanel } from '@/components/coordinate/live-panel';
import { LockForm } from '@/components/coordinate/lock-form';
import { ReleasesList } from '@/components/coordinate/releases-list';
import { requireProjectPage } from '@/lib/projects/access';
import { canCoordinate } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { getProjectOverview } from '@/lib/projects/overview';
import { getProjectSettings } from '@/lib/projects/settings';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { RaterSettingsForm } from '@/components/coordinate/rater-settings-form';

export const metadata: Metadata = { title: 'Project' };

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user } = await requireProjectPage(slug);
  const overview = await getProjectOverview({ slug }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { project, summary, cases, releases } = overview;
  const settings = await getProjectSettings(project.id);
  const lockable = cases.filter((c) => c.state === 'complete').length;
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="overview" />
      <div>
        <h1 className="text-2xl font-bold">{project.name}</h1>
        <p className="text-sm text-slate-600">
          {project.ratersPerCase} physicians of the case&apos;s specialty rate every option. ·{' '}
          <Link href={`/projects/${project.slug}/agreement`} className="font-semibold text-sky-800 hover:underline">Agreement in detail</Link>
        </p>
      </div>
      <LivePanel slug={project.slug} initial={summary} />
      {canCoordinate(user.role) ? (
        <div className="grid gap-6 md:grid-cols-2">
          <Card title="Import cases">
            <ImportForm projectId={project.id} />
          </Card>
          <Card title="Releases">
            <LockForm projectId={project.id} slug={project.slug} lockable={lockable} nextVersion={(releases[0]?.version ?? 0) + 1} />
            <ReleasesList releases={releases} />
          </Card>
          <Card title="What raters see">
            <RaterSettingsForm projectId={project.id} showRecommendationsToRaters={settings.showRecommendationsToRaters} />
          </Card>
        </div>
      ) : null}
      <Card title={`Cases (${cases.length})`}>
        <CasesTable slug={project.slug} cases={cases} />
      </Card>
    </div>
  );
}
