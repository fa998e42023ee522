import { createHash } from 'node:crypto';
import { strFromU8 } from 'fflate';
import { compareIds } from '@/lib/agreement/encode';
import { MANIFEST } from '@/lib/releases/archive/types';
import type { ProblemList } from '@/lib/releases/verify-report';

/**
 * Check 1 of `primum verify`: MANIFEST.sha256 (sha256sum -c format) lists every other file of the
 * release in the order the archive writes them, each with its SHA-256; the release id is the
 * SHA-256 of the manifest's bytes.
 */

/** The files every release has, in the archive's order; rubrics/<case>.json follow in case-id order. */
export const FIXED_FILES = [
  'README.md',
  'release.json',
  'agreement.json',
  'options.csv',
  'options.jsonl',
  'options.parquet',
  'ratings.csv',
  'ratings.jsonl',
  'ratings.parquet',
  'adjudications.jsonl',
] as const;

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const LINE = /^([0-9a-f]{64}) {2}(\S(?:.*\S)?)$/;

function rubricCase(path: string): string | null {
  return /^rubrics\/(.+)\.json$/.exec(path)?.[1] ?? null;
}

/** The order the archive writes its files in (for the manifest's lines). */
function writeOrder(a: string, b: string): number {
  const rank = (path: string) => {
    const fixed = (FIXED_FILES as readonly string[]).indexOf(path);
    return fixed >= 0 ? fixed : rubricCase(path) !== null ? FIXED_FILES.length : FIXED_FILES.length + 1;
  };
  return rank(a) - rank(b) || compareIds(rubricCase(a) ?? a, rubricCase(b) ?? b);
}

/** Checks the manifest against the files; returns the release id (null without a manifest). */
export function checkManifest(files: ReadonlyMap<string, Uint8Array>, problems: ProblemList): string | null {
  const bytes = files.get(MANIFEST);
  const missing = FIXED_FILES.filter((path) => !files.has(path));
  for (const path of missing) problems.add(path, 'missing: every release has this file');
  if (!bytes) {
    problems.add(MANIFEST, 'missing: the archive has no manifest');
    return null;
  }
  const text = strFromU8(bytes);
  if (!text.endsWith('\n')) problems.add(MANIFEST, 'the last line does not end with a line feed');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const listed: string[] = [];
  lines.forEach((line, index) => {
    const match = LINE.exec(line);
    if (!match) {
      problems.add(MANIFEST, `line ${index + 1}: not "<sha256 hex>  <path>"`);
      return;
    }
    const [, hash, path] = match;
    if (listed.includes(path)) problems.add(MANIFEST, `line ${index + 1}: ${path} is listed twice`);
    listed.push(path);
    const file = files.get(path);
    if (!file) {
      if (!missing.includes(path as (typeof FIXED_FILES)[number])) problems.add(path, 'missing: listed in MANIFEST.sha256');
      return;
    }
    const actual = sha256Hex(file);
    if (actual !== hash) problems.mismatch(path, 'sha256', hash, actual, {}, 'content differs from MANIFEST.sha256');
  });
  const inManifest = new Set(listed);
  for (const path of files.keys()) {
    if (path !== MANIFEST && !inManifest.has(path)) problems.add(path, 'not listed in MANIFEST.sha256');
  }
  const ordered = [...listed].sort(writeOrder);
  const first = listed.findIndex((path, i) => path !== ordered[i]);
  if (first >= 0) problems.mismatch(MANIFEST, `line ${first + 1}`, ordered[first], listed[first], {}, 'files not in the archive order');
  return sha256Hex(bytes);
}
