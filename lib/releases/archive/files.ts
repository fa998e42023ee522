import { createHash, type Hash } from 'node:crypto';
import { releaseCard } from './card';
import { writeReleaseData, type FileSink } from './one-pass';
import { createSpool } from './spool';
import { MANIFEST, type ReleaseMeta, type ReleaseSource } from './types';

/**
 * The one generator of a release's files (docs/release-format.md): every file in order, as pieces,
 * then MANIFEST.sha256 built from the hashes taken on the way. The zip and the bytes for tests read
 * it; the manifest alone (the lock) comes from the same one pass with hashes instead of files, so
 * they cannot disagree. The data files are written in one pass over `source.cases()` (one-pass.ts)
 * into temporary files (spool.ts), deleted at the end, on error and when the reader stops early, so
 * memory stays flat however large the release.
 */

export type ArchiveFile = { path: string; size: number; sha256: string };
export type ArchiveSummary = { files: ArchiveFile[]; manifestSha256: string };

/** A piece of one file; `last` closes the file (an empty file is one empty last piece). */
export type FilePiece = { path: string; bytes: Uint8Array; last: boolean };

const encoder = new TextEncoder();
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Its argument fails to compile unless it lists every key of T (so release.json cannot drop one). */
function everyKey<T>() {
  return <const K extends ReadonlyArray<keyof T>>(keys: Exclude<keyof T, K[number]> extends never ? K : never): K => keys;
}

/** ReleaseMeta's keys in their declared order: release.json follows it, not the source object's order. */
const META_KEYS = everyKey<ReleaseMeta>()([
  'format', 'project', 'version', 'created_at', 'license', 'gold_rule', 'override', 'counts', 'specialties', 'cases', 'previous_version', 'agreement',
]);

/** release.json: the metadata in its declared key order, with the agreement reduced to a summary. */
export function releaseJson(meta: ReleaseMeta): string {
  const { overall } = meta.agreement;
  const ci = overall.ci?.alpha.ordinal ?? null;
  const summary = { alpha_ordinal: overall.alpha.ordinal, alpha_ordinal_ci: ci ? [ci.lower, ci.upper] : null, items: overall.items, raters: overall.raters, ratings: overall.ratings };
  return json(Object.fromEntries(META_KEYS.map((key) => (key === 'agreement' ? ['agreement_summary', summary] : [key, meta[key]]))));
}

/** README.md, release.json and agreement.json: made from the meta alone, in this order. */
function metaFiles(meta: ReleaseMeta): Array<{ path: string; bytes: Uint8Array }> {
  return [
    { path: 'README.md', bytes: encoder.encode(releaseCard(meta)) },
    { path: 'release.json', bytes: encoder.encode(releaseJson(meta)) },
    { path: 'agreement.json', bytes: encoder.encode(json(meta.agreement)) },
  ];
}

/** Sizes and hashes of the files in order, MANIFEST.sha256 last: the manifest's bytes and the summary. */
class Manifest {
  readonly files: ArchiveFile[] = [];
  private text = '';

  add(path: string, size: number, sha256: string) {
    this.files.push({ path, size, sha256 });
    this.text += `${sha256}  ${path}\n`;
  }

  seal(): { bytes: Uint8Array; summary: ArchiveSummary } {
    const bytes = encoder.encode(this.text);
    const manifestSha256 = createHash('sha256').update(bytes).digest('hex');
    return { bytes, summary: { files: [...this.files, { path: MANIFEST, size: bytes.length, sha256: manifestSha256 }], manifestSha256 } };
  }
}

/** Every file's pieces in order; returns the sizes, hashes and release id once MANIFEST.sha256 is out. */
export async function* releasePieces(source: ReleaseSource): AsyncGenerator<FilePiece, ArchiveSummary> {
  const manifest = new Manifest();
  const emit = function* (path: string, pieces: Iterable<Uint8Array>): Generator<FilePiece> {
    const hash = createHash('sha256');
    let size = 0;
    for (const bytes of pieces) {
      if (bytes.length === 0) continue;
      hash.update(bytes);
      size += bytes.length;
      yield { path, bytes, last: false };
    }
    yield { path, bytes: new Uint8Array(0), last: true };
    manifest.add(path, size, hash.digest('hex'));
  };
  for (const { path, bytes } of metaFiles(source.meta)) yield* emit(path, [bytes]);
  const spool = createSpool();
  try {
    await writeReleaseData(source, spool.open);
    for (const file of spool.files()) yield* emit(file.path, file.read());
  } finally {
    spool.remove();
  }
  const { bytes, summary } = manifest.seal();
  yield { path: MANIFEST, bytes, last: true };
  return summary;
}

/** The same sizes and hashes as `releasePieces`, from the same one pass, without keeping any file. */
export async function releaseSummary(source: ReleaseSource): Promise<ArchiveSummary> {
  const manifest = new Manifest();
  for (const { path, bytes } of metaFiles(source.meta)) manifest.add(path, bytes.length, createHash('sha256').update(bytes).digest('hex'));
  const hashed: Array<{ path: string; hash: Hash; size: number }> = [];
  await writeReleaseData(source, (path): FileSink => {
    const file = { path, hash: createHash('sha256'), size: 0 };
    hashed.push(file);
    return {
      write(bytes) {
        file.hash.update(bytes);
        file.size += bytes.length;
      },
      end() {},
    };
  });
  for (const file of hashed) manifest.add(file.path, file.size, file.hash.digest('hex'));
  return manifest.seal().summary;
}
