import { Zip, ZipDeflate } from 'fflate';
import { AppError } from '@/lib/errors';
import { releasePieces, type ArchiveSummary } from './files';
import type { ReleaseSource } from './types';

/**
 * The release as a zip, streamed. Every entry is deflated at level 6 with the date 1980-01-01 00:00
 * built from local fields (zip stores local date-time), so the bytes are the same on every machine
 * and in every time zone. Input reaches the deflater in fixed 64 KiB slices: fflate's output
 * depends on how its input is cut, and the cut must not depend on the source's batches.
 */

const SLICE = 64 * 1024;

async function* zipChunks(source: ReleaseSource, folder: string, done: (summary: ArchiveSummary) => void, expectedId: string | null): AsyncGenerator<Uint8Array> {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else out.push(data);
  });
  const flush = function* () {
    if (failure) throw failure;
    yield* out.splice(0);
  };
  const pieces = releasePieces(source);
  try {
    let entry: ZipDeflate | null = null;
    // Reused: pushing copies the bytes into the deflater's own window.
    const pending = new Uint8Array(SLICE);
    let filled = 0;
    for (;;) {
      const next = await pieces.next();
      if (next.done) {
        // Before the zip's central directory: on a mismatch the reader gets a truncated zip, never a
        // complete one whose files differ from what the release recorded.
        if (expectedId !== null && next.value.manifestSha256 !== expectedId) {
          throw new AppError('CONFLICT', `release ${expectedId} no longer exports to the bytes recorded at lock (this archive's MANIFEST.sha256 hashes to ${next.value.manifestSha256}): its locked data was changed in the database`);
        }
        zip.end();
        yield* flush();
        done(next.value);
        return;
      }
      const { path, bytes, last } = next.value;
      if (!entry) {
        entry = new ZipDeflate(`${folder}/${path}`, { level: 6 });
        entry.mtime = mtime;
        zip.add(entry);
      }
      for (let offset = 0; offset < bytes.length; ) {
        const take = Math.min(SLICE - filled, bytes.length - offset);
        pending.set(bytes.subarray(offset, offset + take), filled);
        filled += take;
        offset += take;
        if (filled === SLICE) {
          entry.push(pending, false);
          filled = 0;
        }
      }
      if (last) {
        entry.push(pending.subarray(0, filled), true);
        entry = null;
        filled = 0;
      }
      yield* flush();
    }
  } finally {
    // A cancelled download or a failure: the pieces' temporary files are deleted now, not at exit.
    await pieces.return(undefined as never);
  }
}

/** The summary of a zip stream, settled when the stream ends or fails; a caller that only wants the bytes never meets an unhandled rejection. */
export function deferredSummary(): { promise: Promise<ArchiveSummary>; resolve: (summary: ArchiveSummary) => void; reject: (error: unknown) => void } {
  let resolve!: (summary: ArchiveSummary) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<ArchiveSummary>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/**
 * A pull-based stream: the next chunk is made only when the reader asks for it, so a slow client
 * holds the server to its pace instead of making it buffer the archive. With `expectedId` (the
 * release id recorded at lock) the stream fails before its end when the manifest differs.
 */
export function releaseZipStream(source: ReleaseSource, folder: string, options: { expectedId?: string | null } = {}): { stream: ReadableStream<Uint8Array>; summary: Promise<ArchiveSummary> } {
  const { promise: summary, resolve, reject } = deferredSummary();
  const chunks = zipChunks(source, folder, resolve, options.expectedId ?? null);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        reject(error);
        controller.error(error);
      }
    },
    async cancel(reason) {
      reject(reason instanceof Error ? reason : new Error('The release download was cancelled.'));
      await chunks.return(undefined);
    },
  });
  return { stream, summary };
}
