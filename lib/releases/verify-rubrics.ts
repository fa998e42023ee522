import { strFromU8 } from 'fflate';
import type { OptionRow } from '@/lib/releases/archive/types';
import type { OptionFigures } from '@/lib/releases/verify-gold';
import { show, type ProblemList } from '@/lib/releases/verify-report';
import { optionKey } from '@/lib/releases/verify-rows';

/**
 * Check 4 of `primum verify`: one NOHARM rubric per case of release.json, each option's `score`
 * the recomputed integer gold score (rubric_score), and its text, category and harm-of-inaction flag
 * those of options.jsonl. A rubric without a gold score has `score` null or no `score` at all.
 */

type RubricOption = { id?: unknown; text?: unknown; category?: unknown; score?: unknown; isHarmOfInaction?: unknown };

function readRubric(file: string, bytes: Uint8Array, problems: ProblemList): { id?: unknown; options: RubricOption[] } | null {
  let rubric: unknown;
  try {
    rubric = JSON.parse(strFromU8(bytes));
  } catch {
    problems.add(file, 'not JSON');
    return null;
  }
  const options = (rubric as { options?: unknown } | null)?.options;
  if (!Array.isArray(options) || options.some((o) => !o || typeof o !== 'object')) {
    problems.add(file, 'not a rubric: "options" is not a list of objects');
    return null;
  }
  return { id: (rubric as { id?: unknown }).id, options };
}

export function checkRubrics(
  files: ReadonlyMap<string, Uint8Array>,
  caseIds: readonly string[],
  options: readonly OptionRow[],
  figures: ReadonlyMap<string, OptionFigures>,
  problems: ProblemList,
): void {
  const cases = new Set(caseIds);
  for (const path of files.keys()) {
    const match = /^rubrics\/(.+)\.json$/.exec(path);
    if (match && !cases.has(match[1])) problems.add(path, 'a rubric for a case that release.json does not list');
  }
  const rowsOf = new Map<string, OptionRow[]>();
  for (const row of options) {
    const rows = rowsOf.get(row.case_id);
    if (rows) rows.push(row);
    else rowsOf.set(row.case_id, [row]);
  }
  for (const caseId of caseIds) {
    const file = `rubrics/${caseId}.json`;
    const bytes = files.get(file);
    if (!bytes) {
      problems.add(file, 'missing: release.json lists the case');
      continue;
    }
    const rubric = readRubric(file, bytes, problems);
    if (!rubric) continue;
    if (rubric.id !== caseId) problems.mismatch(file, 'id', caseId, rubric.id, { case: caseId });
    const rows = new Map((rowsOf.get(caseId) ?? []).map((row) => [row.option_id, row]));
    for (const option of rubric.options) {
      const row = typeof option.id === 'number' ? rows.get(option.id) : undefined;
      if (!row) {
        problems.add(file, `option ${show(option.id)} is not in options.jsonl`, { case: caseId });
        continue;
      }
      rows.delete(row.option_id);
      const place = { case: caseId, option: row.option_id };
      const score = 'score' in option ? option.score : null;
      const expected = figures.get(optionKey(row))?.rubric_score ?? null;
      if (score !== expected) problems.mismatch(file, 'score', expected, score, place);
      if (option.text !== row.text) problems.mismatch(file, 'text', row.text, option.text, place);
      if (option.category !== row.category) problems.mismatch(file, 'category', row.category, option.category, place);
      if ((option.isHarmOfInaction ?? false) !== row.is_harm_of_inaction) problems.mismatch(file, 'isHarmOfInaction', row.is_harm_of_inaction, option.isHarmOfInaction, place);
    }
    for (const row of rows.values()) problems.add(file, 'the option of options.jsonl is missing from the rubric', { case: caseId, option: row.option_id });
  }
}
