import 'server-only';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { ArchiveSummary } from '@/lib/releases/archive';
import { MANIFEST } from '@/lib/releases/archive/types';
import { exportInWorker } from '@/lib/releases/export-worker';

/**
 * The release as one reproducible zip, streamed batch by batch from a worker thread whose heap is
 * capped (export-worker/), so the server's memory stays flat as releases grow. The web download
 * and `primum export` both call this, so they give the same bytes.
 */
export async function exportRelease(releaseId: string, options: { signal?: AbortSignal } = {}): Promise<{ fileName: string; stream: ReadableStream<Uint8Array>; summary: Promise<ArchiveSummary>; recordedId: string | null }> {
  // The stream fails before the zip's end if its manifest is not the one recorded at lock: nobody
  // gets other bytes under the release's id (only possible if locked rows were changed behind the triggers).
  const recordedId = await releaseIdOf(releaseId);
  const { folder, stream, summary } = await exportInWorker({ releaseId, expectedId: recordedId }, options);
  return { fileName: `${folder}.zip`, stream, summary, recordedId };
}

/** The release id researchers see (SHA-256 of MANIFEST.sha256), as recorded at lock; null for releases locked before issue 9. */
export async function releaseIdOf(releaseId: string): Promise<string | null> {
  const file = await getDb().releaseFile.findUnique({ where: { releaseId_path: { releaseId, path: MANIFEST } }, select: { sha256: true } });
  return file?.sha256 ?? null;
}

/**
 * A release named the way researchers and the CLI name it: its release id (the manifest's SHA-256,
 * or a unique prefix of at least 12 hex digits) or `<project>@v<N>`. Returns the database id.
 */
export async function findReleaseByRef(ref: string): Promise<{ id: string; projectId: string }> {
  const db = getDb();
  const trimmed = ref.trim();
  const named = /^([a-z0-9]+(?:-[a-z0-9]+)*)@v?(\d+)$/.exec(trimmed);
  if (named) {
    const release = await db.release.findFirst({ where: { project: { slug: named[1] }, version: Number(named[2]) }, select: { id: true, projectId: true } });
    if (!release) throw new AppError('NOT_FOUND', `No release ${named[2]} in project "${named[1]}".`);
    return release;
  }
  if (/^[0-9a-f]{12,64}$/i.test(trimmed)) {
    const files = await db.releaseFile.findMany({
      where: { path: MANIFEST, sha256: { startsWith: trimmed.toLowerCase() } },
      select: { release: { select: { id: true, projectId: true } } },
      take: 2,
    });
    if (files.length === 1) return files[0].release;
    if (files.length > 1) throw new AppError('INVALID_INPUT', `"${trimmed}" matches more than one release: give more digits.`);
    throw new AppError('NOT_FOUND', `No release has the id ${trimmed}.`);
  }
  throw new AppError('INVALID_INPUT', `"${ref}" is neither a release id (hex SHA-256) nor <project>@v<N> (e.g. noharm@v2).`);
}
