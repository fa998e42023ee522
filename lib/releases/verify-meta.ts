import { strFromU8 } from 'fflate';
import { z } from 'zod';
import { goldRuleSchema, type GoldRule } from '@/lib/projects/schema';
import type { ReleaseAgreement } from '@/lib/releases/agreement';
import { RELEASE_FORMATS, type AdjudicationRow, type OptionRow, type RatingRow, type ReleaseCounts } from '@/lib/releases/archive/types';
import { jsonDifferences } from '@/lib/releases/verify-agreement';
import type { ProblemList } from '@/lib/releases/verify-report';

/**
 * Checks 2 and 6 of `primum verify`: release.json is a primum-release/1 or /2 record with its gold rule's
 * configuration (without it the gold labels cannot be recomputed), and its counts, case list,
 * specialties and agreement summary are those of the rows and of agreement.json.
 */

const FILE = 'release.json';
const count = z.int().nonnegative();

const releaseJsonSchema = z.object({
  format: z.string(),
  project: z.object({ slug: z.string(), name: z.string(), is_demo: z.boolean() }),
  version: z.int().positive(),
  gold_rule: z.object({ description: z.string(), config: z.unknown() }),
  override: z.object({ reason: z.string(), given_by: z.string(), cases: z.array(z.string()) }).nullable(),
  counts: z.object({
    cases: count, options: count, ratings: count, raters: count, simulated_raters: count, simulated_ratings: count,
    adjudications: count, options_in_disagreement: count, options_without_gold: count,
  }) satisfies z.ZodType<ReleaseCounts>,
  specialties: z.array(z.object({ code: z.string(), name: z.string(), cases: count, options: count })),
  cases: z.array(z.object({ id: z.string(), specialty: z.string(), options: count })),
  agreement_summary: z.object({
    alpha_ordinal: z.number().nullable(),
    alpha_ordinal_ci: z.tuple([z.number(), z.number()]).nullable(),
    items: count,
    raters: count,
    ratings: count,
  }),
});

export type ReleaseJson = z.infer<typeof releaseJsonSchema>;

/** release.json when it parses and has the fields verify needs; `rule` is null when the rule cannot be recomputed. */
export function readReleaseJson(bytes: Uint8Array | undefined, problems: ProblemList): { meta: ReleaseJson; rule: GoldRule | null } | null {
  if (!bytes) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(bytes));
  } catch {
    problems.add(FILE, 'not JSON');
    return null;
  }
  const parsed = releaseJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    problems.add(FILE, `${issue.path.join('.') || 'release'}: ${issue.message}`);
    return null;
  }
  const meta = parsed.data;
  if (!(RELEASE_FORMATS as readonly string[]).includes(meta.format)) problems.mismatch(FILE, 'format', RELEASE_FORMATS.join(' or '), meta.format);
  if (meta.gold_rule.config === null) {
    problems.add(FILE, 'gold_rule.config is null: the gold labels cannot be recomputed without the rule\'s configuration', {}, { field: 'gold_rule.config' });
    return { meta, rule: null };
  }
  const rule = goldRuleSchema.safeParse(meta.gold_rule.config);
  if (!rule.success) {
    problems.add(FILE, `gold_rule.config is not a gold rule (${rule.error.issues[0].message})`, {}, { field: 'gold_rule.config' });
    return { meta, rule: null };
  }
  return { meta, rule: rule.data };
}

function tally<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

type Rows = { options: readonly OptionRow[]; ratings: readonly RatingRow[]; adjudications: readonly AdjudicationRow[] };

/** release.json's counts, cases and specialties recomputed from the rows. */
export function checkCounts(meta: ReleaseJson, rows: Rows, problems: ProblemList): void {
  const byCase = tally(rows.options, (o) => o.case_id);
  const raters = new Set(rows.ratings.map((r) => r.rater_id));
  const simulated = rows.ratings.filter((r) => r.simulated);
  const counts: ReleaseCounts = {
    cases: byCase.size,
    options: rows.options.length,
    ratings: rows.ratings.length,
    raters: raters.size,
    simulated_raters: new Set(simulated.map((r) => r.rater_id)).size,
    simulated_ratings: simulated.length,
    adjudications: rows.adjudications.length,
    options_in_disagreement: rows.options.filter((o) => o.disagreement).length,
    options_without_gold: rows.options.filter((o) => o.gold_score === null).length,
  };
  for (const key of Object.keys(counts) as Array<keyof ReleaseCounts>) {
    if (meta.counts[key] !== counts[key]) problems.mismatch(FILE, `counts.${key}`, counts[key], meta.counts[key]);
  }
  const listed = new Set(meta.cases.map((c) => c.id));
  for (const [caseId, options] of byCase) {
    if (!listed.has(caseId)) problems.add('options.jsonl', 'the case is not in release.json\'s cases', { case: caseId, option: options[0].option_id });
  }
  for (const c of meta.cases) {
    const options = byCase.get(c.id) ?? [];
    if (c.options !== options.length) problems.mismatch(FILE, 'cases[].options', options.length, c.options, { case: c.id });
    const specialty = options.find((o) => o.specialty !== c.specialty);
    if (specialty) problems.mismatch('options.jsonl', 'specialty', c.specialty, specialty.specialty, { case: c.id, option: specialty.option_id });
  }
  const bySpecialty = tally(meta.cases, (c) => c.specialty);
  const named = new Set(meta.specialties.map((s) => s.code));
  for (const code of bySpecialty.keys()) if (!named.has(code)) problems.add(FILE, `specialties lacks "${code}", the specialty of a listed case`);
  for (const s of meta.specialties) {
    const cases = bySpecialty.get(s.code) ?? [];
    const options = cases.reduce((sum, c) => sum + (byCase.get(c.id)?.length ?? 0), 0);
    if (s.cases !== cases.length) problems.mismatch(FILE, `specialties[${s.code}].cases`, cases.length, s.cases);
    if (s.options !== options) problems.mismatch(FILE, `specialties[${s.code}].options`, options, s.options);
  }
}

/** release.json's agreement_summary against the overall agreement figures. */
export function checkSummary(meta: ReleaseJson, agreement: ReleaseAgreement, problems: ProblemList): void {
  const { overall } = agreement;
  const ci = overall.ci?.alpha.ordinal ?? null;
  const expected = {
    alpha_ordinal: overall.alpha.ordinal,
    alpha_ordinal_ci: ci && [ci.lower, ci.upper],
    items: overall.items,
    raters: overall.raters,
    ratings: overall.ratings,
  };
  for (const d of jsonDifferences(expected, meta.agreement_summary, 'agreement_summary')) problems.mismatch(FILE, d.path, d.expected, d.found);
}
