import { AppError } from '@/lib/errors';
import { findConflict, type LineProblem } from './rating-conflicts';
import { DEFAULT_SCALE, ratingRowSchema, type Scale } from './schema';
import type { Rating } from './types';

export type RatingsFormat = 'csv' | 'jsonl';
export type ParseRatingsOptions = { format?: RatingsFormat; scale?: Scale };

/** Receives one row's cells as read; returns a problem to stop reading. */
type Visit = (line: number, item: unknown, rater: unknown, score: unknown, kase: unknown) => LineProblem | null;

const REQUIRED = ['item', 'rater', 'score'] as const;

/** JSONL when the file is named .jsonl/.ndjson or its first non-space character is "{", else CSV. */
export function detectFormat(text: string, fileName = ''): RatingsFormat {
  if (/\.(jsonl|ndjson)$/i.test(fileName)) return 'jsonl';
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/**
 * Ratings from CSV (header item,rater,score and optionally case, any order, other columns ignored) or
 * JSONL (one object a line, same keys). An empty or null score is a missing rating: the row is skipped.
 * Throws AppError('INVALID_INPUT', 'line N: problem') for the first bad line; returns nothing partial.
 */
export function parseRatings(text: string, options: ParseRatingsOptions = {}): Rating[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const schema = ratingRowSchema(options.scale ?? DEFAULT_SCALE);
  const ratings: Rating[] = [];
  const lineOf: number[] = [];
  const asText = (v: unknown) => (typeof v === 'number' ? String(v) : v);
  const visit: Visit = (line, item, rater, score, kase) => {
    if (score === null || score === undefined || (typeof score === 'string' && score.trim() === '')) return null;
    const value = typeof score === 'string' ? Number(score.trim()) : score;
    if (typeof score === 'string' && !Number.isFinite(value)) return { line, message: `score "${score.trim()}" is not a number` };
    const parsed = schema.safeParse({ item: asText(item), rater: asText(rater), score: value, case: asText(kase ?? undefined) });
    if (!parsed.success) return { line, message: parsed.error.issues[0].message };
    const { item: id, rater: by, score: s, case: cluster } = parsed.data;
    ratings.push(cluster ? { item: id, rater: by, value: s, cluster } : { item: id, rater: by, value: s });
    lineOf.push(line);
    return null;
  };
  const problem = (options.format ?? detectFormat(text)) === 'jsonl' ? readJsonl(lines, visit) : readCsv(lines, visit);
  // A duplicate before the first malformed line is the first problem of the file.
  const conflict = findConflict(ratings, lineOf);
  const first = conflict && (!problem || conflict.line < problem.line) ? conflict : problem;
  if (first) throw new AppError('INVALID_INPUT', `line ${first.line}: ${first.message}`);
  return ratings;
}

function readJsonl(lines: string[], visit: Visit): LineProblem | null {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(lines[i]);
    } catch (error) {
      return { line: i + 1, message: `invalid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return { line: i + 1, message: 'expected a JSON object' };
    const r = record as Record<string, unknown>;
    const missing = REQUIRED.find((key) => !(key in r));
    if (missing) return { line: i + 1, message: `missing key "${missing}"` };
    const problem = visit(i + 1, r.item, r.rater, r.score, r.case);
    if (problem) return problem;
  }
  return null;
}

function readCsv(lines: string[], visit: Visit): LineProblem | null {
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { line: 1, message: 'empty file: expected a header item,rater,score' };
  const line = headerAt + 1;
  const header = splitCsvLine(lines[headerAt], line);
  if (!Array.isArray(header)) return header;
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.find((name) => !names.includes(name));
  if (missing) return { line, message: `header lacks column "${missing}" (needs item, rater, score; optional case)` };
  const duplicate = names.find((h, i) => h !== '' && names.indexOf(h) !== i);
  if (duplicate) return { line, message: `column "${duplicate}" appears twice in the header` };
  const [item, rater, score, kase] = ['item', 'rater', 'score', 'case'].map((name) => names.indexOf(name));
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = splitCsvLine(lines[i], i + 1);
    if (!Array.isArray(cells)) return cells;
    if (cells.length !== names.length) return { line: i + 1, message: `expected ${names.length} fields, found ${cells.length}` };
    const problem = visit(i + 1, cells[item], cells[rater], cells[score], kase < 0 ? undefined : cells[kase]);
    if (problem) return problem;
  }
  return null;
}

/** RFC 4180 fields within one line: quotes around a field, "" for a quote inside it. */
export function splitCsvLine(line: string, lineNumber: number): string[] | LineProblem {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] !== '"') {
      const comma = line.indexOf(',', at);
      cells.push(line.slice(at, comma < 0 ? line.length : comma));
      at = comma < 0 ? line.length + 1 : comma + 1;
      continue;
    }
    let cell = '';
    let i = at + 1;
    for (; ; i++) {
      if (i >= line.length) return { line: lineNumber, message: 'unterminated quoted field' };
      if (line[i] !== '"') cell += line[i];
      else if (line[i + 1] === '"') cell += line[i++];
      else break;
    }
    if (i + 1 < line.length && line[i + 1] !== ',') return { line: lineNumber, message: 'unexpected text after a closing quote' };
    cells.push(cell);
    at = i + 2;
  }
  return cells;
}
