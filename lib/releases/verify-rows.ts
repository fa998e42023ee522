import { z } from 'zod';
import type { AdjudicationRow, OptionRow, RatingRow } from '@/lib/releases/archive/types';
import type { ProblemList } from '@/lib/releases/verify-report';

/**
 * Reading a release's JSONL files back for `primum verify`: the rows' shapes as zod schemas, each
 * line checked against them and for the key order of the archive's column lists, and the text a
 * value has in a CSV cell.
 */

const nullableNumber = z.number().nullable();
const isoMillis = z.iso.datetime({ precision: 3 });

export const optionRowSchema = z.strictObject({
  case_id: z.string(),
  specialty: z.string(),
  option_id: z.int(),
  position: z.int(),
  text: z.string(),
  category: z.string(),
  is_harm_of_inaction: z.boolean(),
  gold_score: nullableNumber,
  rubric_score: z.int().nullable(),
  gold_source: z.enum(['rule', 'adjudicated', 'none']),
  median: nullableNumber,
  zone: z.enum(['harm', 'uncertain', 'appropriate']).nullable(),
  severity: z.enum(['severe', 'moderate', 'mild']).nullable(),
  harm_side: z.enum(['commission', 'omission']).nullable(),
  n_ratings: z.int().nonnegative(),
  p30: nullableNumber,
  p70: nullableNumber,
  ipr: nullableNumber,
  ipras: nullableNumber,
  disagreement: z.boolean(),
  needs_discussion: z.boolean(),
  locked_by_override: z.boolean(),
  reference_score: nullableNumber,
}) satisfies z.ZodType<OptionRow>;

export const ratingRowSchema = z.strictObject({
  case_id: z.string(),
  option_id: z.int(),
  rater_id: z.string(),
  simulated: z.boolean(),
  score: z.int(),
  rated_at: isoMillis,
}) satisfies z.ZodType<RatingRow>;

export const adjudicationRowSchema = z.strictObject({
  case_id: z.string(),
  option_id: z.int(),
  score: z.int(),
  rationale: z.string(),
  adjudicator_id: z.string(),
  adjudicated_at: z.iso.datetime(),
}) satisfies z.ZodType<AdjudicationRow>;

/** Key of an option across files: case id and option id. */
export function optionKey(row: { case_id: string; option_id: number }): string {
  return `${row.case_id}#${row.option_id}`;
}

/** Lines of a text file that must end each line with LF (an empty file has none). */
function linesOf(file: string, text: string, problems: ProblemList): string[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) problems.add(file, 'the last line does not end with a line feed');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The rows of a JSONL file that parse and match the schema; each line that does not, or whose keys
 * are not in the order of `columns`, is a problem naming its line (and its case and option when they can be read).
 */
export function readJsonl<S extends z.ZodObject>(file: string, text: string, schema: S, columns: ReadonlyArray<{ name: string }>, problems: ProblemList): Array<z.infer<S>> {
  const keys = columns.map((c) => c.name).join(',');
  const rows: Array<z.infer<S>> = [];
  linesOf(file, text, problems).forEach((line, index) => {
    const at = `line ${index + 1}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      problems.add(file, `${at}: not a JSON object`);
      return;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const place = raw && typeof raw === 'object' ? placeOf(raw as Record<string, unknown>) : {};
      problems.add(file, `${at}: ${issue.path.join('.') || 'row'}: ${issue.message}`, place);
      return;
    }
    if (Object.keys(raw as object).join(',') !== keys) problems.add(file, `${at}: keys not in the format's order (${keys})`, placeOf(parsed.data));
    rows.push(parsed.data);
  });
  return rows;
}

function placeOf(raw: Record<string, unknown>): { case?: string; option?: number } {
  return {
    ...(typeof raw.case_id === 'string' ? { case: raw.case_id } : {}),
    ...(typeof raw.option_id === 'number' ? { option: raw.option_id } : {}),
  };
}

