import 'server-only';
import { exportRelease, releaseIdOf } from '@/lib/releases/export';

/**
 * The HTTP answer of a release download (coordinators and public links share it): the zip streams
 * as it is written, so the server never holds the archive. `X-Release-Id` is the release id recorded
 * at lock (the SHA-256 of MANIFEST.sha256 inside the zip).
 */
export async function releaseDownloadResponse(releaseId: string): Promise<Response> {
  const [archive, id] = await Promise.all([exportRelease(releaseId), releaseIdOf(releaseId)]);
  // The summary is awaited by nobody here: keep a failure from becoming an unhandled rejection.
  archive.summary.catch(() => undefined);
  return new Response(archive.stream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${archive.fileName}"`,
      ...(id ? { 'X-Release-Id': id } : {}),
      'Cache-Control': 'private, no-store',
    },
  });
}
