import { releasePieces, releaseSummary, type ArchiveSummary } from './files';
import type { ReleaseSource } from './types';

/**
 * The release archive (docs/release-format.md). One pass over the release (one-pass.ts) makes every
 * data file: `releasePieces` spools them for the zip stream and the in-memory files, `releaseSummary`
 * only hashes them for the manifest.
 */

export type { ArchiveFile, ArchiveSummary } from './files';
export { releaseZipStream } from './zip';
export { parseCsv, parseTableCsv } from './csv';
export { ADJUDICATION_COLUMNS, OPTION_COLUMNS, RATING_COLUMNS } from './columns';

/** The files' sizes and hashes and the release id, without zipping or keeping any file (the lock records them). */
export async function releaseManifest(source: ReleaseSource): Promise<ArchiveSummary> {
  return releaseSummary(source);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Every file's bytes, in order: for tests and small fixtures only (it holds the whole release). */
export async function releaseFiles(source: ReleaseSource): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const parts = new Map<string, Uint8Array[]>();
  for await (const { path, bytes, last } of releasePieces(source)) {
    const list = parts.get(path) ?? [];
    list.push(bytes);
    parts.set(path, list);
    if (!last) continue;
    files.set(path, concat(list));
    parts.delete(path);
  }
  return files;
}
