import type { Metadata } from 'next';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { CreateReleaseForm } from '@/components/releases/create-release-form';
import { ReleasesList } from '@/components/coordinate/releases-list';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { requireProjectPage } from '@/lib/projects/access';
import { listReleases } from '@/lib/releases/queries';
import { getProjectReadiness } from '@/lib/releases/readiness';
import { DEFAULT_LICENSE, LICENSES } from '@/lib/releases/service';
import { describeGoldRule } from '@/lib/gold';

export const metadata: Metadata = { title: 'Releases' };

export default async function ReleasesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const [readiness, releases] = await Promise.all([getProjectReadiness(project.id), listReleases(project.id)]);
  const lastLicense = releases[0]?.license ?? null;
  const ready = readiness.cases.filter((c) => !c.released && c.ready).length;
  const released = readiness.cases.filter((c) => c.released).length;
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="releases" />
      <div>
        <h1 className="text-2xl font-bold">Releases of {project.name}</h1>
        <p className="text-sm text-slate-600">
          {released} case(s) released, {ready} ready, {readiness.cases.length - released - ready} not ready. Gold rule now: {describeGoldRule(readiness.goldRule)}.
        </p>
      </div>
      <Card title={`Create release v${(releases[0]?.version ?? 0) + 1}`}>
        <CreateReleaseForm
          projectId={project.id}
          slug={project.slug}
          nextVersion={(releases[0]?.version ?? 0) + 1}
          cases={readiness.cases.map((c) => ({ externalId: c.externalId, specialty: c.specialty, options: c.options, released: c.released, problems: c.problems }))}
          licenses={LICENSES}
          defaultLicense={lastLicense && (LICENSES as readonly string[]).includes(lastLicense) ? lastLicense : DEFAULT_LICENSE}
          isDemo={readiness.isDemo}
        />
      </Card>
      <Card title={`Versions (${releases.length})`}>
        <ReleasesList slug={project.slug} releases={releases} />
      </Card>
    </div>
  );
}
