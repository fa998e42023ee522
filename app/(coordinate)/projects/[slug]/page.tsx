import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { CasesTable } from '@/components/coordinate/cases-table';
import { ImportForm } from '@/components/coordinate/import-form';
import { LivePanel } from '@/components/coordinate/live-panel';
import { ReleasesList } from '@/components/coordinate/releases-list';
import { requireProjectPage } from '@/lib/projects/access';
import { canCoordinate } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { getProjectOverview } from '@/lib/projects/overview';
import { getProjectSettings } from '@/lib/projects/settings';
import { showsRaterNames } from '@/lib/projects/schema';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { RaterSettingsForm } from '@/components/coordinate/rater-settings-form';
import { PaceCard, PhysicianProgressTable, SpecialtyProgressTable } from '@/components/progress/progress-overview';
import { QualityPanel } from '@/components/progress/quality-panel';
import { StalledList } from '@/components/progress/stalled-list';
import { getProjectProgress } from '@/lib/progress/service';
import { getQualitySignals } from '@/lib/quality/service';
import { listReleases } from '@/lib/releases/queries';
import { getProjectReadiness } from '@/lib/releases/readiness';

export const metadata: Metadata = { title: 'Project' };

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user } = await requireProjectPage(slug);
  const overview = await getProjectOverview({ slug }).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { project, summary, cases } = overview;
  const coordinates = canCoordinate(user.role);
  const [settings, progress, quality, readiness, releases] = await Promise.all([
    getProjectSettings(project.id),
    getProjectProgress(project.id),
    coordinates ? getQualitySignals(project.id) : Promise.resolve(null),
    coordinates ? getProjectReadiness(project.id) : Promise.resolve(null),
    coordinates ? listReleases(project.id) : Promise.resolve([]),
  ]);
  const readyToRelease = readiness?.cases.filter((c) => !c.released && c.ready).length ?? 0;
  // Adjudicators judge arguments, not people: without the project's say-so they see no rater names.
  const names = showsRaterNames(user.role, settings);
  const caseRows = names ? cases : cases.map((c) => ({ ...c, raters: c.raters.map((r, i) => ({ ...r, name: `Rater ${i + 1}` })) }));
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
      <Card title="Progress by specialty">
        <SpecialtyProgressTable progress={progress} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Pace and estimated finish">
          <PaceCard progress={progress} />
        </Card>
        {names ? (
          <Card title={`Stalled assignments (${progress.stalled.length})`}>
            <StalledList slug={project.slug} items={progress.stalled} afterDays={progress.stalledAfterDays} canReassign={coordinates} />
          </Card>
        ) : null}
      </div>
      {names ? (
        <Card title="Physicians">
          <PhysicianProgressTable progress={progress} />
        </Card>
      ) : null}
      {quality ? (
        <Card title="Quality signals">
          <QualityPanel quality={quality} stalledCount={progress.stalled.length} />
        </Card>
      ) : null}
      {coordinates ? (
        <div className="grid gap-6 md:grid-cols-2">
          <Card title="Import cases">
            <ImportForm projectId={project.id} />
          </Card>
          <Card title="Releases">
            <p className="text-sm text-slate-700" data-testid="release-readiness">
              {readyToRelease} case(s) ready to release.{' '}
              <Link href={`/projects/${project.slug}/releases`} className="font-semibold text-sky-800 hover:underline">Create a release</Link>
            </p>
            <ReleasesList slug={project.slug} releases={releases.slice(0, 3)} />
          </Card>
          <Card title="What raters see">
            <RaterSettingsForm projectId={project.id} showRecommendationsToRaters={settings.showRecommendationsToRaters} showRaterNamesToAdjudicators={settings.showRaterNamesToAdjudicators} stalledAfterDays={settings.stalledAfterDays} />
          </Card>
        </div>
      ) : null}
      <Card title={`Cases (${cases.length})`}>
        <CasesTable slug={project.slug} cases={caseRows} />
      </Card>
    </div>
  );
}
