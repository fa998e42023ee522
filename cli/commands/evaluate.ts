import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXIT_USAGE, parseCommandArgs, writeStdout, type Command } from '@/cli/command';
import { AppError, isAppError } from '@/lib/errors';
import {
  DEFAULT_BOOTSTRAP,
  DEFAULT_EVAL_SEED,
  evaluateModel,
  parseJudgedJsonl,
  PUBLISHED_METRICS,
  RECORD_METRICS,
  rubricOf,
  type EvalInputError,
  type EvalRubric,
  type JudgedRecord,
  type ModelMetric,
  type ModelScore,
  type RecordScore,
} from '@/lib/evaluation';

const HELP = `Usage: npx primum evaluate <model_judged.jsonl>... --rubrics <folder> [--per-record] [--bootstrap ${DEFAULT_BOOTSTRAP}] [--seed ${DEFAULT_EVAL_SEED}] [--json]

Scores models' judged plans against rubrics with the NOHARM metrics (no database needed).

Each <file> is a NOHARM judge output, one record a line: {"id","trial","options":[{"id","matched",
"partial"}],"responseActions":[{"match":"3,7","score"?}],"response_len"?}. Its model is the
records' "model" field when they all give the same one, else the file name without _judged.jsonl.
--rubrics is a folder of NOHARM rubric files (<CaseId>.json); a release archive's rubrics/ folder
works as it is (its scores are the gold; an option without a gold score counts as 5). A record
"<CaseId>-<n>" is a perturbation of <CaseId> and is scored with its rubric.

Output: per model the mean over cases of each case's mean, with a 95% stratified cluster bootstrap
interval (mean +/- ci, ci = (hi - lo) / 2). The table shows the published metrics; --json prints
{"models":[{"model","records","cases","metrics":{"<metric>":{"mean","ci","ci_lo","ci_hi"}},
"per_record":[{"id","trial","metrics":{...}}]}]} with every metric (null when it has no value).

Options:
  --rubrics DIR   folder of rubric JSON files (required)
  --per-record    also print each record's metrics ("per_record" in the JSON)
  --bootstrap N   bootstrap replicates (default ${DEFAULT_BOOTSTRAP}, at least 1)
  --seed N        seed of the bootstrap (default ${DEFAULT_EVAL_SEED}); same seed, same intervals
  --json          print JSON instead of the table

Exit codes: 0 done; 2 bad usage or bad input (every problem on stderr as file:line: reason).`;

/** Problems shown before "and N more". */
const MAX_SHOWN = 20;

class InputErrors extends Error {
  constructor(readonly errors: EvalInputError[]) {
    super(`${errors.length} input errors`);
  }
}

/** The largest seed: the bootstrap's generator keeps 32 bits, and evaluations store the seed as a 32-bit integer. */
const MAX_SEED = 2 ** 31 - 1;

function integerFlag(flag: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new AppError('INVALID_INPUT', `${flag} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got "${text}"`);
  }
  return value;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('INVALID_INPUT', `${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message}`);
  }
}

/** Every *.json of the folder as a rubric, by its case id. */
function readRubrics(folder: string): { rubrics: Map<string, EvalRubric>; errors: EvalInputError[] } {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
  } catch {
    throw new AppError('INVALID_INPUT', `--rubrics ${folder}: no such folder`);
  }
  if (names.length === 0) throw new AppError('INVALID_INPUT', `--rubrics ${folder}: the folder has no .json files`);
  const rubrics = new Map<string, EvalRubric>();
  const errors: EvalInputError[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    try {
      let json: unknown;
      try {
        json = JSON.parse(readText(file));
      } catch (error) {
        throw isAppError(error) ? error : new AppError('INVALID_INPUT', `${file}: not JSON (${(error as Error).message})`);
      }
      const rubric = rubricOf(json, file);
      if (rubrics.has(rubric.caseId)) throw new AppError('INVALID_INPUT', `${file}: a second rubric for case ${rubric.caseId}`);
      rubrics.set(rubric.caseId, rubric);
    } catch (error) {
      if (!isAppError(error)) throw error;
      errors.push({ file, line: null, reason: error.message.startsWith(`${file}: `) ? error.message.slice(file.length + 2) : error.message });
    }
  }
  return { rubrics, errors };
}

function readModels(files: string[], rubrics: ReadonlyMap<string, EvalRubric>): Array<{ model: string; records: JudgedRecord[] }> {
  const errors: EvalInputError[] = [];
  const models: Array<{ model: string; file: string; records: JudgedRecord[] }> = [];
  for (const file of files) {
    const parsed = parseJudgedJsonl(readText(file), file, rubrics);
    errors.push(...parsed.errors);
    if (parsed.errors.length === 0 && parsed.records.length === 0) errors.push({ file, line: null, reason: 'no records' });
    const same = models.find((m) => m.model === parsed.model);
    if (same) errors.push({ file, line: null, reason: `model ${parsed.model} is also ${same.file}: give each model one file` });
    models.push({ model: parsed.model, file, records: parsed.records });
  }
  if (errors.length > 0) throw new InputErrors(errors);
  return models;
}

function errorLines(errors: readonly EvalInputError[]): string {
  const lines = errors.slice(0, MAX_SHOWN).map((e) => `${e.file}${e.line === null ? '' : `:${e.line}`}: ${e.reason}`);
  if (errors.length > MAX_SHOWN) lines.push(`and ${errors.length - MAX_SHOWN} more`);
  return `${lines.join('\n')}\n`;
}

type Scored = { score: ModelScore; perRecord: RecordScore[] };

function jsonOf(scored: readonly Scored[], perRecord: boolean): string {
  const models = scored.map(({ score, perRecord: records }) => ({
    model: score.model,
    records: score.records,
    cases: score.cases,
    metrics: Object.fromEntries(
      Object.entries(score.metrics).map(([metric, e]) => [metric, e && { mean: e.mean, ci: e.ci, ci_lo: e.ci_lo, ci_hi: e.ci_hi }]),
    ),
    ...(perRecord ? { per_record: records.map((r) => ({ id: r.id, trial: r.trial, metrics: r.metrics })) } : {}),
  }));
  return `${JSON.stringify({ models })}\n`;
}

const pad = (cells: string[], widths: number[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');

function tableOf(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => pad(row, widths).trimEnd()).join('\n');
}

function textOf(scored: readonly Scored[], perRecord: boolean, replicates: number, seed: number): string {
  const cell = (metric: ModelMetric, score: ModelScore) => {
    const e = score.metrics[metric];
    return e ? `${e.mean.toFixed(3)} ± ${e.ci.toFixed(3)}` : '-';
  };
  const rows = [['model', 'records', 'cases', ...PUBLISHED_METRICS]];
  for (const { score } of scored) rows.push([score.model, String(score.records), String(score.cases), ...PUBLISHED_METRICS.map((m) => cell(m, score))]);
  const parts = [
    tableOf(rows),
    `\nmean ± half-width of the 95% stratified cluster bootstrap interval over cases (B = ${replicates}, seed ${seed}); - = no value` +
      ' (F1_floor needs a median of 2 or more records per case).',
  ];
  if (perRecord) {
    const metrics = RECORD_METRICS.filter((m) => (PUBLISHED_METRICS as readonly string[]).includes(m));
    const recordRows = [['model', 'id', 'trial', ...metrics]];
    for (const { score, perRecord: records } of scored) {
      for (const r of records) recordRows.push([score.model, r.id, String(r.trial), ...metrics.map((m) => (r.metrics[m] === null ? '-' : r.metrics[m]!.toFixed(3)))]);
    }
    parts.push('', tableOf(recordRows));
  }
  return `${parts.join('\n')}\n`;
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: "score models' judged plans against rubrics (NOHARM metrics with bootstrap intervals)",
  help: HELP,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      rubrics: { type: 'string' },
      'per-record': { type: 'boolean' },
      bootstrap: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length === 0) throw new AppError('INVALID_INPUT', 'evaluate needs at least one <model_judged.jsonl> (see --help)');
    if (values.rubrics === undefined) throw new AppError('INVALID_INPUT', 'evaluate needs --rubrics <folder> (see --help)');
    const bootstrap = integerFlag('--bootstrap', values.bootstrap, DEFAULT_BOOTSTRAP, 1);
    const seed = integerFlag('--seed', values.seed, DEFAULT_EVAL_SEED, 0, MAX_SEED);
    const { rubrics, errors } = readRubrics(values.rubrics);
    let models;
    try {
      if (errors.length > 0) throw new InputErrors(errors);
      models = readModels(positionals, rubrics);
    } catch (error) {
      if (!(error instanceof InputErrors)) throw error;
      process.stderr.write(errorLines(error.errors));
      return EXIT_USAGE;
    }
    const scored = models.map(({ model, records }) => evaluateModel(model, records, rubrics, { bootstrap, seed }));
    const perRecord = values['per-record'] ?? false;
    await writeStdout(values.json ? jsonOf(scored, perRecord) : textOf(scored, perRecord, bootstrap, seed));
    return 0;
  },
};
