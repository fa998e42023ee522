import 'server-only';
import { exportRelease, releaseIdOf } from '@/lib/releases/export';

/**
 * The HTTP answer of a release download (coordinators and public links share it): the zip streams
 * as it is written, so the server never holds the archive. `X-Release-Id` is the release id recorded
 * at lock (the SHA-256 of MANIFEST.sha256 inside the zip); a zip whose manifest differs fails before its end.
 * `signal`: the request's, so a client that leaves (even before the answer starts) stops the export.
 */
export async function releaseDownloadResponse(releaseId: string, signal?: AbortSignal): Promise<Response> {
  const archive = await exportRelease(releaseId, { signal });
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

/**
 * A HEAD on a download (link previews, download managers): the headers without making the archive.
 * Next would otherwise run the GET and never read its body, leaving an export waiting for a reader.
 */
export async function releaseHeadResponse(releaseId: string): Promise<Response> {
  const id = await releaseIdOf(releaseId);
  return new Response(null, {
    headers: { 'Content-Type': 'application/zip', ...(id ? { 'X-Release-Id': id } : {}), 'Cache-Control': 'private, no-store' },
  });
}
