import { compareIds } from '@/lib/agreement/encode';
import { describeGoldRule } from '@/lib/gold/rule';
import type { GoldRule } from '@/lib/projects/schema';
import { releaseAgreement } from '@/lib/releases/agreement';
import { RELEASE_FORMAT, type AdjudicationRow, type OptionRow, type RatingRow, type ReleaseCaseData, type ReleaseMeta, type ReleaseSource } from '@/lib/releases/archive/types';
import { optionFigures } from '@/lib/releases/verify-gold';
import { toStoredCase } from '@/lib/rubric/format';
import { rubricSchema } from '@/lib/rubric/schema';
import { SPECIALTIES, specialtyOfCaseId } from '@/lib/specialties';

/**
 * The in-memory ReleaseSource of every release test (the archive's, `primum verify`'s): cases
 * written as options with their ratings (and, where the test needs a real or awkward rubric, the
 * raw rubric itself), the rows and release.json figures derived the way the lock derives them
 * (goldLabel / analyzeItem through optionFigures, releaseAgreement).
 */

export type TestOption = {
  text?: string;
  category?: string;
  isHarmOfInaction?: boolean;
  ratings: Array<{ rater: string; score: number; simulated?: boolean }>;
  adjudication?: { score: number; rationale: string; adjudicator: string };
  needsDiscussion?: boolean;
  lockedByOverride?: boolean;
};

/** `rubric`: the case's raw NOHARM rubric, kept as given (its options, in order, are `options`); else one is made up. */
export type TestCase = { id: string; options: TestOption[]; rubric?: Record<string, unknown> };

export const TEST_RULE: GoldRule = { severityMode: 'strict', adjudicate: { randUcla: true, crossZone: false, needsDiscussion: false } };

const AT = Date.parse('2026-11-01T09:00:00.000Z');

function caseData(input: TestCase, rule: GoldRule, clock: { n: number }): ReleaseCaseData {
  const specialty = specialtyOfCaseId(input.id)?.code;
  if (!specialty) throw new Error(`test case id ${input.id} has no known specialty prefix`);
  const stored = toStoredCase(
    rubricSchema.parse(
      input.rubric ?? {
        id: input.id,
        case: { presentation: `Presentation of ${input.id}.`, recommendations: 'Follow up, "soon", as needed.' },
        options: input.options.map((o, i) => ({ id: i + 1, text: o.text ?? `Option ${i + 1} of ${input.id}`, category: o.category ?? 'Diagnostic', score: 5, isHarmOfInaction: o.isHarmOfInaction ?? false })),
      },
    ),
  );
  if (stored.options.length !== input.options.length) throw new Error(`test case ${input.id}: ${input.options.length} options given for a rubric of ${stored.options.length}`);
  const ratings: RatingRow[] = [];
  const adjudications: AdjudicationRow[] = [];
  const options: OptionRow[] = input.options.map((o, i) => {
    const option = stored.options[i];
    const at = () => new Date(AT + 60_000 * clock.n++).toISOString();
    const rows = [...o.ratings]
      .sort((a, b) => compareIds(a.rater, b.rater))
      .map((r) => ({ case_id: input.id, option_id: option.number, rater_id: r.rater, simulated: r.simulated ?? false, score: r.score, rated_at: at() }));
    ratings.push(...rows);
    const adjudication = o.adjudication
      ? { case_id: input.id, option_id: option.number, score: o.adjudication.score, rationale: o.adjudication.rationale, adjudicator_id: o.adjudication.adjudicator, adjudicated_at: at() }
      : null;
    if (adjudication) adjudications.push(adjudication);
    return {
      case_id: input.id,
      specialty,
      option_id: option.number,
      position: option.position,
      text: option.text,
      category: option.category,
      is_harm_of_inaction: option.isHarmOfInaction,
      ...optionFigures(rows.map((r) => r.score), o.needsDiscussion ?? false, adjudication, rule),
      needs_discussion: o.needsDiscussion ?? false,
      locked_by_override: o.lockedByOverride ?? false,
      reference_score: option.referenceScore,
    };
  });
  return { stored, specialty, options, ratings, adjudications };
}

export type TestReleaseSettings = {
  rule?: GoldRule;
  bootstrap?: number;
  seed?: number;
  override?: ReleaseMeta['override'];
  /** The release's own fields (default: "Test study" v1). */
  release?: Partial<Pick<ReleaseMeta, 'format' | 'project' | 'version' | 'created_at' | 'license' | 'previous_version'>>;
  /** Cases per batch of `cases()` (default: all in one). */
  batchSize?: number;
};

/** The source, with its cases' data and how many times `cases()` was called. */
export type TestRelease = ReleaseSource & { data: ReleaseCaseData[]; reads: () => number };

/** A release of `cases` (any order; sorted by case id here) with `bootstrap` replicates in agreement.json. */
export function testReleaseSource(input: TestCase[], settings: TestReleaseSettings = {}): TestRelease {
  const rule = settings.rule ?? TEST_RULE;
  const clock = { n: 0 };
  const cases = [...input].sort((a, b) => compareIds(a.id, b.id)).map((c) => caseData(c, rule, clock));
  const options = cases.flatMap((c) => c.options);
  const ratings = cases.flatMap((c) => c.ratings);
  const simulated = ratings.filter((r) => r.simulated);
  const specialties = [...new Set(cases.map((c) => c.specialty))].sort(compareIds);
  const optionOf = new Map(options.map((o) => [`${o.case_id}#${o.option_id}`, o]));
  const meta: ReleaseMeta = {
    format: settings.release?.format ?? RELEASE_FORMAT,
    project: settings.release?.project ?? { slug: 'test-study', name: 'Test study', is_demo: false },
    version: settings.release?.version ?? 1,
    created_at: settings.release?.created_at ?? '2026-11-30T12:00:00.000Z',
    license: settings.release?.license ?? 'cc-by-4.0',
    gold_rule: { description: describeGoldRule(rule), config: rule },
    override: settings.override ?? null,
    counts: {
      cases: cases.length,
      options: options.length,
      ratings: ratings.length,
      raters: new Set(ratings.map((r) => r.rater_id)).size,
      simulated_raters: new Set(simulated.map((r) => r.rater_id)).size,
      simulated_ratings: simulated.length,
      adjudications: cases.reduce((sum, c) => sum + c.adjudications.length, 0),
      options_in_disagreement: options.filter((o) => o.disagreement).length,
      options_without_gold: options.filter((o) => o.gold_score === null).length,
    },
    specialties: specialties.map((code) => {
      const of = cases.filter((c) => c.specialty === code);
      return { code, name: SPECIALTIES.find((s) => s.code === code)!.name, cases: of.length, options: of.reduce((sum, c) => sum + c.options.length, 0) };
    }),
    cases: cases.map((c) => ({ id: c.stored.externalId, specialty: c.specialty, options: c.options.length })),
    previous_version: settings.release?.previous_version ?? null,
    agreement: releaseAgreement(
      ratings.map((r) => {
        const option = optionOf.get(`${r.case_id}#${r.option_id}`)!;
        return { case_id: r.case_id, option_id: r.option_id, rater_id: r.rater_id, score: r.score, specialty: option.specialty, category: option.category };
      }),
      { bootstrap: settings.bootstrap ?? 50, seed: settings.seed ?? 7 },
    ),
  };
  const batchSize = settings.batchSize ?? Math.max(cases.length, 1);
  let reads = 0;
  return {
    meta,
    data: cases,
    reads: () => reads,
    async *cases() {
      reads++;
      for (let i = 0; i < cases.length; i += batchSize) yield cases.slice(i, i + batchSize);
    },
  };
}
