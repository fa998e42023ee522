import { createHash } from 'node:crypto';
import { compareIds } from '@/lib/agreement/encode';
import { AppError } from '@/lib/errors';
import { toRubric } from '@/lib/rubric/format';
import { releaseCard } from './card';
import { ADJUDICATION_COLUMNS, OPTION_COLUMNS, RATING_COLUMNS } from './columns';
import { parquetChunks } from './parquet';
import { csvChunks, jsonlChunks } from './tables';
import type { ReleaseCaseData, ReleaseMeta, ReleaseSource } from './types';

/**
 * The one generator of a release's files (docs/release-format.md): every file in order, as chunks,
 * then MANIFEST.sha256 built from the hashes taken on the way. The zip, the manifest and the bytes
 * for tests all read it, so they cannot disagree. Each file reads `source.cases()` anew, batch by
 * batch, so memory stays flat however large the release.
 */

export type ArchiveFile = { path: string; size: number; sha256: string };
export type ArchiveSummary = { files: ArchiveFile[]; manifestSha256: string };

/** A piece of one file; `last` closes the file (an empty file is one empty last piece). */
export type FilePiece = { path: string; bytes: Uint8Array; last: boolean };

type FileSpec = { path: string; chunks: () => AsyncIterable<string | Uint8Array> };

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

/** Case ids name files in the zip (`rubrics/<id>.json`): nothing that could climb out of the folder. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The source's batches, checked to come in case-id order (the files' order depends on it). */
async function* casesOf(source: ReleaseSource): AsyncGenerator<ReleaseCaseData[]> {
  let previous: string | null = null;
  for await (const batch of source.cases()) {
    for (const data of batch) {
      const id = data.stored.externalId;
      if (!SAFE_ID.test(id)) throw new AppError('INVALID_INPUT', `Case id "${id}" cannot name a file.`);
      if (previous !== null && compareIds(previous, id) >= 0) throw new AppError('CONFLICT', `Release cases out of order: ${id} after ${previous}.`);
      previous = id;
    }
    yield batch;
    // Let the event loop turn between batches: a source that answers from memory would otherwise
    // hold the loop (other requests, timers) for a whole file.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function* rowsOf<Row>(source: ReleaseSource, pick: (data: ReleaseCaseData) => Row[]): AsyncGenerator<Row[]> {
  for await (const batch of casesOf(source)) yield batch.flatMap(pick);
}

async function* rubricFiles(source: ReleaseSource): AsyncGenerator<FileSpec> {
  for await (const batch of casesOf(source)) {
    for (const { stored, options } of batch) {
      const scores = new Map(options.map((o) => [o.option_id, o.rubric_score]));
      const text = json(toRubric(stored, (option) => scores.get(option.number) ?? null));
      yield { path: `rubrics/${stored.externalId}.json`, chunks: async function* () { yield text; } };
    }
  }
}

async function* fileSpecs(source: ReleaseSource): AsyncGenerator<FileSpec> {
  const { meta } = source;
  const once = (text: string) => async function* () { yield text; };
  yield { path: 'README.md', chunks: once(releaseCard(meta)) };
  yield { path: 'release.json', chunks: once(releaseJson(meta)) };
  yield { path: 'agreement.json', chunks: once(json(meta.agreement)) };
  const options = () => rowsOf(source, (d) => d.options);
  yield { path: 'options.csv', chunks: () => csvChunks(options(), OPTION_COLUMNS) };
  yield { path: 'options.jsonl', chunks: () => jsonlChunks(options(), OPTION_COLUMNS) };
  yield { path: 'options.parquet', chunks: () => parquetChunks(options(), OPTION_COLUMNS) };
  const ratings = () => rowsOf(source, (d) => d.ratings);
  yield { path: 'ratings.csv', chunks: () => csvChunks(ratings(), RATING_COLUMNS) };
  yield { path: 'ratings.jsonl', chunks: () => jsonlChunks(ratings(), RATING_COLUMNS) };
  yield { path: 'ratings.parquet', chunks: () => parquetChunks(ratings(), RATING_COLUMNS) };
  yield { path: 'adjudications.jsonl', chunks: () => jsonlChunks(rowsOf(source, (d) => d.adjudications), ADJUDICATION_COLUMNS) };
  yield* rubricFiles(source);
}

/** Every file's pieces in order; returns the sizes, hashes and release id once MANIFEST.sha256 is out. */
export async function* releasePieces(source: ReleaseSource): AsyncGenerator<FilePiece, ArchiveSummary> {
  const files: ArchiveFile[] = [];
  let manifest = '';
  for await (const { path, chunks } of fileSpecs(source)) {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of chunks()) {
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      if (bytes.length === 0) continue;
      hash.update(bytes);
      size += bytes.length;
      yield { path, bytes, last: false };
    }
    yield { path, bytes: new Uint8Array(0), last: true };
    const sha256 = hash.digest('hex');
    files.push({ path, size, sha256 });
    manifest += `${sha256}  ${path}\n`;
  }
  const bytes = encoder.encode(manifest);
  const manifestSha256 = createHash('sha256').update(bytes).digest('hex');
  yield { path: 'MANIFEST.sha256', bytes, last: true };
  files.push({ path: 'MANIFEST.sha256', size: bytes.length, sha256: manifestSha256 });
  return { files, manifestSha256 };
}
