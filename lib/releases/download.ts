import 'server-only';
import { exportRelease } from '@/lib/releases/export';

/**
 * The HTTP answer of a release download (coordinators and public links share it): the zip streams
 * as it is written, so the server never holds the archive. `X-Release-Id` is the release id recorded
 * at lock (the SHA-256 of MANIFEST.sha256 inside the zip); a zip whose manifest differs fails before its end.
 */
export async function releaseDownloadResponse(releaseId: string): Promise<Response> {
  const archive = await exportRelease(releaseId);
  const id = archive.recordedId;
  return new Response(archive.stream, {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${archive.fileName}"`,
      ...(id ? { 'X-Release-Id': id } : {}),
      'Cache-Control': 'private, no-store',
    },
  });
}
