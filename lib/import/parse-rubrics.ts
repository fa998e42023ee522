import type { z } from 'zod';
import { rubricSchema, type Rubric } from '@/lib/rubric/schema';

export type RubricFile = { name: string; content: string };
/** One thing wrong with one file: where (file and JSON path) and what was expected. */
export type ImportProblem = { file: string; path: string; message: string };
export type ParsedRubric = { file: string; rubric: Rubric };

/** `['options', 3, 'score']` -> `$.options[3].score` */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`), '$');
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

/** Parse and validate rubric files without touching the database. */
export function parseRubricFiles(files: RubricFile[]): { rubrics: ParsedRubric[]; problems: ImportProblem[] } {
  const rubrics: ParsedRubric[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, string>();
  if (files.length === 0) problems.push({ file: '(none)', path: '$', message: 'expected at least one rubric JSON file' });

  for (const file of files) {
    if (file.content.trim() === '') {
      problems.push({ file: file.name, path: '$', message: 'the file is empty; expected a NOHARM rubric JSON object' });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(file.content.replace(/^\uFEFF/, ''));
    } catch (error) {
      problems.push({ file: file.name, path: '$', message: `not valid JSON: ${locateJsonError(file.content, error)}` });
      continue;
    }
    const parsed = rubricSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file: file.name, path: jsonPath(issue.path), message: describeIssue(issue, json) });
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
