import { AppError } from '@/lib/errors';
import { findConflict, type LineProblem } from './rating-conflicts';
import { DEFAULT_SCALE, type Scale } from './schema';
import type { Rating } from './types';

export type RatingsFormat = 'csv' | 'jsonl';
export type ParseRatingsOptions = { format?: RatingsFormat; scale?: Scale };

/** Reads a ratings file a piece at a time: `push` text as it arrives, then `end` for the ratings. */
export type RatingsReader = { push(text: string): void; end(): Rating[] };

/**
 * Where each part of a rating is read from: Primum's own columns (item, rater, score, case) or a
 * release's ratings file (case_id, option_id, rater_id, score), whose option ids are numbered per
 * case, so its item is `<case_id>#<option_id>` (as in lib/releases/agreement.ts) and its case is case_id.
 */
type Columns<K> = { item: K; option: K | null; rater: K; score: K; case: K | null; names: ColumnNames };

/** The names that messages use ("rater_id is empty"); option is '' when the item is one column. */
type ColumnNames = { item: string; option: string; rater: string; case: string };

const NEEDS = 'needs item, rater and score, optional case; or a release\'s case_id, option_id, rater_id and score';

/** The columns for the names present, or the name of the first one missing. */
function columnsOf(has: (name: string) => boolean): Columns<string> | { missing: string } {
  const release = has('case_id') || has('option_id') || has('rater_id');
  const item = has('item') ? 'item' : has('case_id') && has('option_id') ? 'case_id' : null;
  if (!item) return { missing: has('case_id') ? 'option_id' : has('option_id') ? 'case_id' : 'item' };
  const rater = has('rater') ? 'rater' : has('rater_id') ? 'rater_id' : null;
  if (!rater) return { missing: release ? 'rater_id' : 'rater' };
  if (!has('score')) return { missing: 'score' };
  const kase = has('case') ? 'case' : has('case_id') ? 'case_id' : null;
  const option = item === 'case_id' ? 'option_id' : null;
  return { item, option, rater, score: 'score', case: kase, names: { item, option: option ?? '', rater, case: kase ?? 'case' } };
}

/** JSONL by the name alone (.jsonl/.ndjson), else undefined: the content decides. */
export function formatOfName(fileName: string): RatingsFormat | undefined {
  return /\.(jsonl|ndjson)$/i.test(fileName) ? 'jsonl' : undefined;
}

/** JSONL when the file is named .jsonl/.ndjson or its first non-space character is "{", else CSV. */
export function detectFormat(text: string, fileName = ''): RatingsFormat {
  return formatOfName(fileName) ?? (text.trimStart().startsWith('{') ? 'jsonl' : 'csv');
}

/**
 * Ratings from CSV (a header naming the columns, any order, other columns ignored) or JSONL (one
 * object a line, same keys): item, rater, score and optionally case, or a release's ratings file as
 * it is (case_id, option_id, rater_id, score). An empty or null score is a missing rating: the row is
 * skipped. Throws AppError('INVALID_INPUT', 'line N: problem') for the first bad line; returns nothing partial.
 */
export function parseRatings(text: string, options: ParseRatingsOptions = {}): Rating[] {
  const reader = createRatingsReader(options);
  reader.push(text);
  return reader.end();
}

/**
 * The streaming form of parseRatings: lines are read as they complete, so a large file is never held
 * as one string or split into an array of lines. Rows are checked with plain comparisons, not a
 * schema per row, which cost more than the rest of reading a million ratings; the messages are those
 * the schema gave, in its order (a score that is no number, then item, rater, score, case).
 */
export function createRatingsReader(options: ParseRatingsOptions = {}): RatingsReader {
  const { min, max } = options.scale ?? DEFAULT_SCALE;
  const range = `score must be an integer from ${min} to ${max}`;
  let format = options.format;
  const ratings: Rating[] = [];
  const lineOf: number[] = [];
  let problem: LineProblem | null = null;
  let carry = '';
  let lineNumber = 0;
  let started = false;
  let csv: { columns: Columns<number>; width: number; wanted: Int8Array; cells: string[] } | null = null;
  let last = { kase: '', option: '', item: '' };
  // One string per rater and case, not one per row: a million short strings that live to the end
  // cost the garbage collector more than the look-ups.
  const raters = new Map<string, string>();
  let lastCluster = '';

  const visit = (line: number, names: ColumnNames, itemCell: unknown, optionCell: unknown, raterCell: unknown, score: unknown, caseCell: unknown): LineProblem | null => {
    if (score === null || score === undefined) return null;
    let value = score;
    if (typeof score === 'string') {
      const text = score.trim();
      if (text === '') return null;
      const digit = text.charCodeAt(0) - 48;
      value = text.length === 1 && digit >= 0 && digit <= 9 ? digit : Number(text);
      if (!Number.isFinite(value)) return { line, message: `score "${text}" is not a number` };
    }
    let item = idOf(itemCell, names.item, line);
    if (typeof item !== 'string') return item;
    if (names.option) {
      const option = idOf(optionCell, names.option, line);
      if (typeof option !== 'string') return option;
      // The rows of one option are usually adjacent: sharing one item string makes later look-ups cheap.
      if (item !== last.kase || option !== last.option) last = { kase: item, option, item: `${item}#${option}` };
      item = last.item;
    }
    let rater = idOf(raterCell, names.rater, line);
    if (typeof rater !== 'string') return rater;
    const known = raters.get(rater);
    if (known === undefined) raters.set(rater, rater);
    else rater = known;
    if (typeof value !== 'number') return { line, message: 'score must be a number' };
    if (!Number.isInteger(value) || value < min || value > max) return { line, message: range };
    const kase = typeof caseCell === 'number' ? String(caseCell) : caseCell;
    if (kase !== null && kase !== undefined && typeof kase !== 'string') return { line, message: `${names.case} must be a string` };
    let cluster = kase?.trim();
    if (cluster === last.kase) cluster = last.kase;
    else if (cluster === lastCluster) cluster = lastCluster;
    else if (cluster) lastCluster = cluster;
    ratings.push(cluster ? { item, rater, value, cluster } : { item, rater, value });
    lineOf.push(line);
    return null;
  };

  const readJsonl = (text: string, line: number): LineProblem | null => {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      return { line, message: `invalid JSON (${error instanceof Error ? error.message : String(error)})` };
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) return { line, message: 'expected a JSON object' };
    const r = record as Record<string, unknown>;
    const columns = columnsOf((key) => key in r);
    if ('missing' in columns) return { line, message: `missing key "${columns.missing}"` };
    const pick = (key: string | null) => (key === null ? null : r[key]);
    return visit(line, columns.names, r[columns.item], pick(columns.option), r[columns.rater], r.score, pick(columns.case));
  };

  const readHeader = (text: string, line: number): LineProblem | null => {
    const header = splitCsvLine(text, line);
    if (!Array.isArray(header)) return header;
    const names = header.map((h) => h.trim().toLowerCase());
    const found = columnsOf((name) => names.includes(name));
    if ('missing' in found) return { line, message: `header lacks column "${found.missing}" (${NEEDS})` };
    const duplicate = names.find((h, i) => h !== '' && names.indexOf(h) !== i);
    if (duplicate) return { line, message: `column "${duplicate}" appears twice in the header` };
    const at = (name: string | null) => (name === null ? null : names.indexOf(name));
    const columns = { item: names.indexOf(found.item), option: at(found.option), rater: names.indexOf(found.rater), score: names.indexOf('score'), case: at(found.case), names: found.names };
    const wanted = new Int8Array(names.length);
    for (const index of [columns.item, columns.option, columns.rater, columns.score, columns.case]) if (index !== null) wanted[index] = 1;
    csv = { columns, width: names.length, wanted, cells: new Array<string>(names.length).fill('') };
    return null;
  };

  const readCsv = (text: string, line: number): LineProblem | null => {
    if (!csv) return readHeader(text, line);
    const { columns, width, wanted, cells } = csv;
    let count = 0;
    if (text.includes('"')) {
      const split = splitCsvLine(text, line);
      if (!Array.isArray(split)) return split;
      count = split.length;
      if (count === width) for (let i = 0; i < width; i++) cells[i] = split[i];
    } else {
      // The usual row, unquoted: slice only the cells that are read.
      for (let from = 0; ; count++) {
        const comma = text.indexOf(',', from);
        if (count < width && wanted[count]) cells[count] = text.slice(from, comma < 0 ? text.length : comma);
        if (comma < 0) break;
        from = comma + 1;
      }
      count++;
    }
    if (count !== width) return { line, message: `expected ${width} fields, found ${count}` };
    const { item, option, rater, score, case: kase, names } = columns;
    return visit(line, names, cells[item], option === null ? null : cells[option], cells[rater], cells[score], kase === null ? null : cells[kase]);
  };

  /** One line; `crlf` strips the CR of a CRLF line end (the last line, with no LF after it, keeps its CR). */
  const readLine = (raw: string, crlf: boolean): void => {
    lineNumber++;
    if (problem) return;
    const text = crlf && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    // A blank line (whitespace only) is skipped; nearly every line starts with a visible ASCII character.
    const first = text.charCodeAt(0);
    if (!(first > 32 && first < 127) && text.trim() === '') return;
    format ??= detectFormat(text);
    problem = format === 'jsonl' ? readJsonl(text, lineNumber) : readCsv(text, lineNumber);
  };

  return {
    push(text) {
      if (!started && text !== '') {
        text = text.replace(/^\uFEFF/, '');
        started = true;
      }
      if (problem) return;
      let from = 0;
      if (carry !== '') {
        const newline = text.indexOf('\n');
        if (newline < 0) {
          carry += text;
          return;
        }
        readLine(carry + text.slice(0, newline), true);
        from = newline + 1;
      }
      for (let newline = text.indexOf('\n', from); newline >= 0; newline = text.indexOf('\n', from)) {
        readLine(text.slice(from, newline), true);
        from = newline + 1;
      }
      carry = text.slice(from);
    },
    end() {
      readLine(carry, false);
      carry = '';
      if (!problem && !csv && format !== 'jsonl') problem = { line: 1, message: 'empty file: expected a header item,rater,score' };
      // A duplicate before the first malformed line is the first problem of the file.
      const conflict = findConflict(ratings, lineOf);
      const first = conflict && (!problem || conflict.line < problem.line) ? conflict : problem;
      if (first) throw new AppError('INVALID_INPUT', `line ${first.line}: ${first.message}`);
      return ratings;
    },
  };
}

/** A trimmed id (a number is read as its text, as JSON ids may be numbers), or why not. */
function idOf(value: unknown, name: string, line: number): string | LineProblem {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return { line, message: `${name} must be a string` };
  const id = text.trim();
  return id === '' ? { line, message: `${name} is empty` } : id;
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
