import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ProjectNav } from '@/components/coordinate/project-nav';
import { ReleaseDiffView } from '@/components/releases/release-diff';
import { ReleaseLinks } from '@/components/releases/release-links';
import { ReleaseFiles, ReleaseSummary } from '@/components/releases/release-summary';
import { COORDINATING_ROLES } from '@/lib/auth/roles';
import { isAppError } from '@/lib/errors';
import { requireProjectPage } from '@/lib/projects/access';
import { getReleaseDetail } from '@/lib/releases/queries';

export const metadata: Metadata = { title: 'Release' };

export default async function ReleasePage({ params }: { params: Promise<{ slug: string; version: string }> }) {
  const { slug, version: raw } = await params;
  const { user, project } = await requireProjectPage(slug, COORDINATING_ROLES);
  const version = /^\d{1,6}$/.test(raw) ? Number(raw) : null;
  if (version === null) notFound();
  const release = await getReleaseDetail(project.id, version).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const path = `/projects/${project.slug}/releases/${version}`;
  return (
    <div className="space-y-6">
      <ProjectNav slug={project.slug} name={project.name} role={user.role} current="releases" />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Release v{version} of {project.name}</h1>
        <a href={`/api/releases/${release.dbId}/download`} download className="rounded-md bg-sky-800 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-900">
          Download v{version} (zip)
        </a>
      </div>
      <Card title="Summary">
        <ReleaseSummary meta={release.meta} releaseId={release.releaseId} createdBy={release.createdBy} overrideBy={release.overrideBy} />
      </Card>
      <Card title={release.previous ? `What changed from v${release.previous.version}` : 'What changed'}>
        {release.previous ? <ReleaseDiffView diff={release.previous.diff} previous={release.previous.version} version={version} /> : <p className="text-sm text-slate-600">The first release of this project.</p>}
      </Card>
      <Card title="Files">
        <ReleaseFiles files={release.files} />
        <p className="mt-2 text-xs text-slate-600">Check a download with <code>sha256sum -c MANIFEST.sha256</code> in its folder, or <code>npx primum verify {`${project.slug}-v${version}.zip`}</code>, which also recomputes every gold label and agreement figure.</p>
      </Card>
      <Card title="Public links">
        <ReleaseLinks releaseId={release.dbId} path={path} links={release.links} />
      </Card>
    </div>
  );
}
