import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { ReleaseFiles, ReleaseSummary } from '@/components/releases/release-summary';
import { isAppError } from '@/lib/errors';
import { getPublicRelease } from '@/lib/releases/queries';

export const metadata: Metadata = { title: 'Release', robots: { index: false, follow: false } };

/** A release opened by a reviewer's public link: no account needed; a revoked or unknown link is "not found". */
export default async function PublicReleasePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const release = await getPublicRelease(token).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <main className="mx-auto max-w-4xl space-y-6 p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">
          {release.meta.project.name}: release v{release.meta.version}
        </h1>
        <a href={`/api/r/${token}/download`} download className="rounded-md bg-sky-800 px-4 py-2 text-sm font-semibold text-white hover:bg-sky-900">
          Download (zip)
        </a>
      </div>
      <Card title="Summary">
        <ReleaseSummary meta={release.meta} releaseId={release.releaseId} />
      </Card>
      <Card title="Files">
        <ReleaseFiles files={release.files} />
        <p className="mt-2 text-xs text-slate-600">
          Check the download with <code>sha256sum -c MANIFEST.sha256</code> in its folder: the release id above is the SHA-256 of that manifest.
        </p>
      </Card>
      <p className="text-xs text-slate-500">Shared for review through Primum. The study&apos;s coordinators can revoke this link at any time.</p>
    </main>
  );
}
