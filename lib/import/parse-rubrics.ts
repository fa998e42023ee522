import type { z } from 'zod';
import { rubricSchema, type Rubric } from '@/lib/rubric/schema';
import { IMPORT_LIMITS, checkUploadSize, formatBytes } from '@/lib/import/limits';

export { checkUploadSize };

/** A file as uploaded (bytes, checked to be UTF-8) or as already-decoded text. */
export type RubricFile = { name: string; content: string | Uint8Array };
/** One thing wrong with one file: where (file and JSON path) and what was expected. */
export type ImportProblem = { file: string; path: string; message: string };
export type ParsedRubric = { file: string; rubric: Rubric };

/** `['options', 3, 'score']` -> `$.options[3].score` */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${acc}.${name}` : `${acc}[${JSON.stringify(name)}]`;
  }, '$');
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const ours = issue.code === 'custom' || (issue.code === 'invalid_format' && !issue.message.startsWith('Invalid'));
  const message = ours ? `expected ${issue.message}` : issue.message;
  const value = valueAt(root, issue.path);
  if (value === undefined || typeof value === 'object') return message;
  const shown = JSON.stringify(value);
  return `${message}, got ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}`;
}

function locateJsonError(content: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = Number(/position (\d+)/.exec(message)?.[1]);
  if (!Number.isFinite(position)) return message;
  const before = content.slice(0, position).split('\n');
  return `${message} (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

/** UTF-8 length of a string (lone surrogates count as the 3 bytes of U+FFFD). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let code = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

const SIGNATURES: Array<[string, number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['a ZIP archive (or an Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
];

function lineColumn(text: string, index: number): string {
  const before = text.slice(0, index).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** The file's text, or why it is not a JSON text file. */
function readText(file: RubricFile): { text: string } | { problem: string } {
  const size = typeof file.content === 'string' ? utf8Length(file.content) : file.content.length;
  if (size > IMPORT_LIMITS.fileBytes) return { problem: `the file is ${formatBytes(size)}; a rubric file may be at most ${formatBytes(IMPORT_LIMITS.fileBytes)}` };
  if (typeof file.content !== 'string') {
    const bytes = file.content;
    const kind = SIGNATURES.find(([, signature]) => signature.every((b, i) => bytes[i] === b));
    if (kind) return { problem: `${kind[0]}, not a JSON file; expected a NOHARM rubric JSON file` };
    const nul = bytes.indexOf(0);
    if (nul >= 0) return { problem: `a binary file (a NUL byte at byte ${nul + 1}), not a JSON file; expected a NOHARM rubric JSON file` };
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
      const hex = Array.from(bytes.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
      return { problem: `not UTF-8 text: invalid byte sequence (${hex}) at byte ${bad + 1}; save the file as UTF-8` };
    }
    return { text: new TextDecoder('utf-8').decode(bytes) };
  }
  return { text: file.content };
}

const JSON_FILE_NAME = /\.json$/i;

function stringLimit(path: ReadonlyArray<PropertyKey>): [number, string] {
  if (path.length === 2 && path[0] === 'case' && path[1] === 'presentation') return [IMPORT_LIMITS.presentationChars, 'a presentation'];
  if (path.length === 2 && path[0] === 'case' && path[1] === 'recommendations') return [IMPORT_LIMITS.recommendationsChars, 'the recommendations'];
  if (path.length === 3 && path[0] === 'options' && typeof path[1] === 'number' && path[2] === 'text') return [IMPORT_LIMITS.optionTextChars, "an option's text"];
  return [IMPORT_LIMITS.otherStringChars, 'a string'];
}

/** What is wrong with a string's characters (NUL, lone surrogates) or length, or null. */
function stringProblem(value: string, path: ReadonlyArray<PropertyKey>, isKey: boolean): string | null {
  const what = isKey ? 'the key' : 'the text';
  const nul = value.indexOf('\u0000');
  if (nul >= 0) return `${what} contains a NUL character (\\u0000) at character ${nul + 1}; a rubric holds plain text`;
  if (!value.isWellFormed()) {
    const at = value.search(/[\ud800-\udfff]/u);
    const code = value.charCodeAt(at).toString(16);
    return `${what} contains a lone surrogate (\\u${code}) at character ${at + 1}: not well-formed Unicode text`;
  }
  const [limit, label] = isKey ? [IMPORT_LIMITS.otherStringChars, 'a key'] : stringLimit(path);
  if (value.length > limit) return `${what} has ${value.length.toLocaleString('en-US')} characters; ${label} may have at most ${limit.toLocaleString('en-US')}`;
  return null;
}

/** Checks every value of a parsed file (without recursion): nesting, strings, and the number of options. */
function checkValues(json: unknown): Array<Omit<ImportProblem, 'file'>> {
  const problems: Array<Omit<ImportProblem, 'file'>> = [];
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: json, path: [] }];
  while (stack.length > 0 && problems.length <= IMPORT_LIMITS.problemsPerFile) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = stringProblem(value, path, false);
      if (problem) problems.push({ path: jsonPath(path), message: problem });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= IMPORT_LIMITS.depth) {
      problems.push({ path: jsonPath(path), message: `nested more than ${IMPORT_LIMITS.depth} levels deep; a rubric is nested ${IMPORT_LIMITS.depth} levels at most` });
      continue;
    }
    if (path.length === 1 && path[0] === 'options' && Array.isArray(value) && value.length > IMPORT_LIMITS.optionsPerCase) {
      problems.push({ path: '$.options', message: `${value.length.toLocaleString('en-US')} options; a case may have at most ${IMPORT_LIMITS.optionsPerCase}` });
      continue;
    }
    const entries: Array<[PropertyKey, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (typeof key === 'string') {
        const problem = stringProblem(key, path, true);
        if (problem) problems.push({ path: jsonPath([...path, key]), message: problem });
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
}

/** One file's problems, at most IMPORT_LIMITS.problemsPerFile of them and a count of the rest. */
function capped(file: string, found: Array<Omit<ImportProblem, 'file'>>): ImportProblem[] {
  const shown = found.slice(0, IMPORT_LIMITS.problemsPerFile).map((p) => ({ file, path: p.path, message: p.message }));
  if (found.length > shown.length) shown.push({ file, path: '$', message: `and more problems in this file (the first ${shown.length} are listed)` });
  return shown;
}

/** Parse and validate rubric files without touching the database. Never throws: every problem is named. */
export function parseRubricFiles(files: RubricFile[]): { rubrics: ParsedRubric[]; problems: ImportProblem[] } {
  const rubrics: ParsedRubric[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  if (files.length === 0) problems.push({ file: '(none)', path: '$', message: 'expected at least one rubric JSON file' });
  const sizes = files.map((f) => ({ name: f.name, size: typeof f.content === 'string' ? utf8Length(f.content) : f.content.length }));
  problems.push(...checkUploadSize(sizes).filter((p) => p.file === '(all files)'));

  for (const file of files) {
    const read = readText(file);
    if ('problem' in read) {
      problems.push({ file: file.name, path: '$', message: read.problem });
      continue;
    }
    if (!JSON_FILE_NAME.test(file.name)) {
      const extension = /\.[^./\\]+$/.exec(file.name)?.[0];
      problems.push({ file: file.name, path: '$', message: `${extension ? `a ${extension} file` : 'a file without the .json extension'}, not a rubric; expected a NOHARM rubric .json file (one per case)` });
      continue;
    }
    const text = read.text.replace(/^\uFEFF/, '');
    if (text.trim() === '') {
      problems.push({ file: file.name, path: '$', message: 'the file is empty; expected a NOHARM rubric JSON object' });
      continue;
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      problems.push({ file: file.name, path: '$', message: `a NUL character (byte 0) at ${lineColumn(text, nul)}; a rubric is JSON text` });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      problems.push({ file: file.name, path: '$', message: `not valid JSON: ${locateJsonError(text, error)}` });
      continue;
    }
    const valueProblems = checkValues(json);
    if (valueProblems.length > 0) {
      problems.push(...capped(file.name, valueProblems));
      continue;
    }
    const parsed = rubricSchema.safeParse(json);
    if (!parsed.success) {
      problems.push(...capped(file.name, parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: describeIssue(issue, json) }))));
      continue;
    }
    const earlier = seen.get(parsed.data.id);
    if (earlier) {
      problems.push({ file: file.name, path: '$.id', message: `case ${parsed.data.id} is also in ${earlier}; a case may appear once per import` });
      continue;
    }
    seen.set(parsed.data.id, file.name);
    rubrics.push({ file: file.name, rubric: parsed.data });
  }
  return { rubrics, problems };
}

export function formatProblem(problem: ImportProblem): string {
  return `${problem.file}: ${problem.path}: ${problem.message}`;
}
