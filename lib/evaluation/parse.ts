import { z } from 'zod';
import { AppError } from '@/lib/errors';
import type { EvalRubric, JudgedRecord } from './types';

/**
 * Readers of the NOHARM evaluation inputs (MODEL-EVAL.md "Inputs"): rubric JSON, `<model>.jsonl`
 * responses and `<model>_judged.jsonl` judge records. Pure: they take text, never a path to open.
 * Every problem of a JSONL file is reported with its 1-based line; parsing goes on past it.
 */

export type EvalInputError = { file: string; line: number | null; reason: string };

const optionId = z.number().int().nonnegative();
/** A 1-9 rubric score; null (or absent) is "no score", which scoring counts as 5. */
const rubricScore = z.number().int().min(1).max(9).nullable().optional();

const rubricSchema = z.looseObject({
  id: z.string().min(1),
  options: z
    .array(
      z.looseObject({
        id: optionId,
        score: rubricScore,
        abstraction: z.string().nullable().optional(),
        abstractionType: z.string().nullable().optional(),
        dependsOn: z.array(optionId).nullable().optional(),
      }),
    )
    .min(1),
});

/** `match` as the judge writes it ("3,7", "" for off-rubric) or as a list of ids. */
const matchSchema = z.union([z.string(), z.array(optionId)]).transform((value, ctx): number[] => {
  if (Array.isArray(value)) return value;
  if (value.trim() === '') return [];
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part))) {
    ctx.addIssue({ code: 'custom', message: `expected option ids separated by commas such as "3,7" (or ""), got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return parts.map(Number);
});

const verdictSchema = z.object({ id: optionId, matched: z.boolean(), partial: z.boolean().optional() });
type Verdict = z.infer<typeof verdictSchema>;

/** A judged line with its verdicts unchecked; `judgedSchema` below is the full shape. Unknown fields are ignored. */
const judgedShell = z.object({
  id: z.string().min(1),
  trial: z.number().int().nonnegative(),
  model: z.string().min(1).optional(),
  options: z.array(z.unknown()),
  responseActions: z.array(z.object({ match: matchSchema, score: z.number().int().min(1).max(9).nullable().optional() })),
  response_len: z.number().int().nonnegative().nullable().optional(),
});
const judgedSchema = judgedShell.extend({ options: z.array(verdictSchema) });
type JudgedLine = z.infer<typeof judgedSchema>;

/**
 * The verdicts are most of a judged file (one per rubric option, ~40 a record); this check accepts
 * exactly what `verdictSchema` accepts, several times faster. Anything it rejects goes through zod,
 * which names the field.
 */
function isVerdictList(values: readonly unknown[]): values is Verdict[] {
  for (const v of values) {
    if (v === null || typeof v !== 'object') return false;
    const { id, matched, partial } = v as Record<string, unknown>;
    if (!Number.isSafeInteger(id) || (id as number) < 0 || typeof matched !== 'boolean' || (partial !== undefined && typeof partial !== 'boolean')) return false;
  }
  return true;
}

function parseJudgedLine(value: unknown): { data: JudgedLine } | { error: z.ZodError } {
  const shell = judgedShell.safeParse(value);
  if (shell.success && isVerdictList(shell.data.options)) return { data: { ...shell.data, options: shell.data.options } };
  const full = judgedSchema.safeParse(value);
  return full.success ? { data: full.data } : { error: full.error };
}

const responseSchema = z.looseObject({ id: z.string().min(1), trial: z.number().int().nonnegative(), response: z.string() });

/** `Card001-3` -> `Card001`; `Card001` -> `Card001` (a perturbation shares its base case's rubric). */
export function baseCaseOf(id: string): string {
  return id.replace(/-\d+$/, '');
}

/** `runs/gpt-5_judged.jsonl` -> `gpt-5`; `gpt-5.jsonl` -> `gpt-5`. */
export function modelNameOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/_judged\.jsonl$/, '').replace(/\.jsonl$/, '');
}

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const at = pathText(issue.path);
  return at ? `${at}: ${issue.message}` : issue.message;
}

/** A NOHARM rubric (as bundled, or a release's `rubrics/<case>.json`) reduced to what scoring reads. */
export function rubricOf(json: unknown, file: string): EvalRubric {
  const parsed = rubricSchema.safeParse(json);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `${file}: not a rubric: ${issueText(parsed.error)}`);
  const ids = new Set<number>();
  for (const option of parsed.data.options) {
    if (ids.has(option.id)) throw new AppError('INVALID_INPUT', `${file}: not a rubric: option id ${option.id} appears twice`);
    ids.add(option.id);
  }
  return {
    caseId: parsed.data.id,
    options: parsed.data.options.map((o) => ({
      id: o.id,
      score: o.score ?? null,
      abstraction: o.abstraction ?? null,
      abstractionType: o.abstractionType ?? null,
      dependsOn: o.dependsOn ?? [],
    })),
  };
}

type Line = { line: number; value: unknown };

/** The file's non-blank lines as JSON values; a line that is not a JSON object is an error. */
function jsonLines(text: string, file: string, errors: EvalInputError[]): Line[] {
  const lines: Line[] = [];
  text.split('\n').forEach((raw, index) => {
    const source = raw.trim();
    if (source === '') return;
    const line = index + 1;
    try {
      const value: unknown = JSON.parse(source);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) errors.push({ file, line, reason: 'not a JSON object' });
      else lines.push({ line, value });
    } catch (error) {
      errors.push({ file, line, reason: `malformed JSON (${(error as Error).message})` });
    }
  });
  return lines;
}

/** Errors in file order (malformed lines are found before the others). */
const byLine = (errors: EvalInputError[]) => errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

/** Every reason a parsed judged record cannot be scored against its rubric (unknown ids). */
function rubricProblems(record: JudgedLine, rubric: EvalRubric): string[] {
  const known = new Set(rubric.options.map((o) => o.id));
  const problems: string[] = [];
  const seen = new Set<number>();
  record.options.forEach((verdict, index) => {
    if (!known.has(verdict.id)) problems.push(`options[${index}].id: ${verdict.id} is not an option of the rubric of ${rubric.caseId}`);
    else if (seen.has(verdict.id)) problems.push(`options[${index}].id: a second verdict for option ${verdict.id}`);
    seen.add(verdict.id);
  });
  record.responseActions.forEach((action, index) => {
    const unknown = action.match.filter((id) => !known.has(id));
    if (unknown.length > 0) problems.push(`responseActions[${index}].match: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an option' : 'are not options'} of the rubric of ${rubric.caseId}`);
  });
  return problems;
}

/** Reads `<model>_judged.jsonl`; `rubrics` maps a base case id to its rubric. */
export function parseJudgedJsonl(
  text: string,
  file: string,
  rubrics: ReadonlyMap<string, EvalRubric>,
): { model: string; records: JudgedRecord[]; errors: EvalInputError[] } {
  const errors: EvalInputError[] = [];
  const records: JudgedRecord[] = [];
  const models = new Set<string | undefined>();
  const firstLine = new Map<string, number>();
  for (const { line, value } of jsonLines(text, file, errors)) {
    const parsed = parseJudgedLine(value);
    if ('error' in parsed) {
      errors.push({ file, line, reason: issueText(parsed.error) });
      continue;
    }
    const record = parsed.data;
    models.add(record.model);
    const problems: string[] = [];
    const key = `${record.id}\u0000${record.trial}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) problems.push(`duplicate record: id ${record.id} trial ${record.trial} is already on line ${earlier}`);
    else firstLine.set(key, line);
    const caseId = baseCaseOf(record.id);
    const rubric = rubrics.get(caseId);
    if (!rubric) problems.push(`id ${record.id}: no rubric for case ${caseId}`);
    else problems.push(...rubricProblems(record, rubric));
    if (problems.length > 0) {
      for (const reason of problems) errors.push({ file, line, reason });
      continue;
    }
    records.push({
      id: record.id,
      trial: record.trial,
      options: record.options.map((o) => ({ id: o.id, matched: o.matched, partial: o.partial ?? false })),
      actions: record.responseActions.map((a) => ({ match: a.match, score: a.score ?? null })),
      responseLen: record.response_len ?? null,
    });
  }
  const [only] = models;
  const model = models.size === 1 && only !== undefined ? only : modelNameOf(file);
  return { model, records, errors: byLine(errors) };
}

/** Reads `<model>.jsonl` (the model's plans): `{id, trial, response}` a line. */
export function parseResponsesJsonl(text: string, file: string): { records: { id: string; trial: number; response: string }[]; errors: EvalInputError[] } {
  const errors: EvalInputError[] = [];
  const records: { id: string; trial: number; response: string }[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, value } of jsonLines(text, file, errors)) {
    const parsed = responseSchema.safeParse(value);
    if (!parsed.success) {
      errors.push({ file, line, reason: issueText(parsed.error) });
      continue;
    }
    const { id, trial, response } = parsed.data;
    const key = `${id}\u0000${trial}`;
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      errors.push({ file, line, reason: `duplicate record: id ${id} trial ${trial} is already on line ${earlier}` });
      continue;
    }
    firstLine.set(key, line);
    records.push({ id, trial, response });
  }
  return { records, errors: byLine(errors) };
}
