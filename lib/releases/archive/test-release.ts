import { rubricScoreOf } from '@/lib/gold/rule';
import { releaseAgreement } from '@/lib/releases/agreement';
import { toStoredCase } from '@/lib/rubric/format';
import { rubricSchema } from '@/lib/rubric/schema';
import { noharmFile } from '@/test/noharm';
import { RELEASE_FORMAT, type AdjudicationRow, type OptionRow, type RatingRow, type ReleaseCaseData, type ReleaseMeta, type ReleaseSource } from './types';

/**
 * A small in-memory release for the archive's tests: one real NOHARM rubric (All001) and two made
 * up cases with awkward text (commas, quotes, CR LF, unicode, a would-be formula), a half-point
 * median, an adjudicated option, an option locked by override without gold, and a simulated rater.
 */

export const RAW_RUBRICS: Record<string, Record<string, unknown>> = {
  All001: JSON.parse(noharmFile('All001').content),
  Card002: {
    id: 'Card002',
    case: { presentation: 'Chest pain, "sudden", at rest;\nage 64, naïve 日本', recommendations: 'ECG' },
    options: [
      { id: 1, text: 'Give "aspirin", 300 mg\r\nthen reassess', category: 'Treatment', score: 2, isHarmOfInaction: false, customNote: 'kept' },
      { id: 2, text: '=SUM(A1) stays as typed', category: 'Diagnostic', score: 7 },
      { id: 3, text: 'Naïve ünïcödé ✓ 🫀', category: 'Follow-up' },
    ],
    extraTop: { nested: [1, 'a'] },
  },
  Card010: {
    id: 'Card010',
    case: { presentation: 'Palpitations.', recommendations: '' },
    options: [
      { id: 1, text: 'Holter monitor', category: 'Diagnostic', score: 8 },
      { id: 2, text: 'Reassure', category: 'Counseling', score: 4 },
    ],
  },
};

const AT = Date.parse('2026-11-01T09:00:00.000Z');
const median = (scores: number[]) => {
  const s = [...scores].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const zoneOf = (x: number) => (x <= 3 ? 'harm' : x >= 7 ? 'appropriate' : 'uncertain');

/** Ratings of an option: two physicians and a simulated rater; one option gets a fourth rating (half-point median). */
function scoresOf(caseId: string, number: number): number[] {
  if (caseId === 'Card002' && number === 2) return [6, 7, 6, 7];
  if (caseId === 'Card002' && number === 3) return [1, 9, 5];
  if (caseId === 'Card010' && number === 2) return [4];
  return [1 + (number % 9), 1 + ((number + 1) % 9), 1 + (number % 9)];
}

function caseData(id: string, clock: { n: number }): ReleaseCaseData {
  const stored = toStoredCase(rubricSchema.parse(RAW_RUBRICS[id]));
  const specialty = id.replace(/\d+$/, '');
  const ratings: RatingRow[] = [];
  const adjudications: AdjudicationRow[] = [];
  const options = stored.options.map((option): OptionRow => {
    const scores = scoresOf(id, option.number);
    const raters = ['R1', 'R2', 'Rsim', 'R4'];
    scores.forEach((score, i) =>
      ratings.push({ case_id: id, option_id: option.number, rater_id: raters[i], simulated: raters[i] === 'Rsim', score, rated_at: new Date(AT + 60_000 * clock.n++).toISOString() }),
    );
    const adjudicated = id === 'Card002' && option.number === 3;
    const override = id === 'Card010' && option.number === 2;
    if (adjudicated) {
      adjudications.push({ case_id: id, option_id: 3, score: 2, rationale: 'Risky, "very";\nsee notes', adjudicator_id: 'A1', adjudicated_at: '2026-11-02T10:00:00.000Z' });
    }
    const m = median(scores);
    const gold = override ? null : adjudicated ? 2 : m;
    return {
      case_id: id,
      specialty,
      option_id: option.number,
      position: option.position,
      text: option.text,
      category: option.category,
      is_harm_of_inaction: option.isHarmOfInaction,
      gold_score: gold,
      rubric_score: gold === null ? null : rubricScoreOf(gold),
      gold_source: override ? 'none' : adjudicated ? 'adjudicated' : 'rule',
      median: m,
      zone: override ? null : zoneOf(gold!),
      severity: gold !== null && gold <= 1 ? 'severe' : null,
      harm_side: gold !== null && gold <= 3 ? 'commission' : null,
      n_ratings: scores.length,
      p30: scores.length > 1 ? 0.1 + 0.2 : null,
      p70: scores.length > 1 ? 7.4 : null,
      ipr: scores.length > 1 ? 7.1 : null,
      ipras: scores.length > 1 ? 2.35 + 1.5 * 1.15 : null,
      disagreement: adjudicated,
      needs_discussion: false,
      locked_by_override: override,
      reference_score: option.referenceScore,
    };
  });
  return { stored, specialty, options, ratings, adjudications };
}

export type TestRelease = ReleaseSource & { data: ReleaseCaseData[]; reads: () => number };

/** The release, its cases served in batches of `batchSize`; `reads()` counts the calls to `cases()`. */
export function testRelease({ batchSize = 1, simulated = true }: { batchSize?: number; simulated?: boolean } = {}): TestRelease {
  const clock = { n: 0 };
  const data = ['All001', 'Card002', 'Card010'].map((id) => caseData(id, clock));
  if (!simulated) for (const c of data) for (const r of c.ratings) r.simulated = false;
  const ratings = data.flatMap((c) => c.ratings);
  const categoryOf = new Map(data.flatMap((c) => c.options.map((o) => [`${o.case_id}#${o.option_id}`, o.category])));
  const agreement = releaseAgreement(
    ratings.map((r) => ({ case_id: r.case_id, option_id: r.option_id, rater_id: r.rater_id, score: r.score, specialty: r.case_id.replace(/\d+$/, ''), category: categoryOf.get(`${r.case_id}#${r.option_id}`)! })),
    { bootstrap: 20, seed: 1 },
  );
  const options = data.flatMap((c) => c.options);
  const simulatedRatings = ratings.filter((r) => r.simulated).length;
  const meta: ReleaseMeta = {
    format: RELEASE_FORMAT,
    project: { slug: 'study', name: 'Harm "study": cardiology & allergy', is_demo: false },
    version: 2,
    created_at: '2026-11-03T12:00:00.000Z',
    license: 'cc-by-4.0',
    gold_rule: { description: 'Median of the ratings; RAND/UCLA disagreement goes to adjudication; strict severity.', config: { severityMode: 'strict', adjudicate: { randUcla: true, crossZone: false, needsDiscussion: false } } },
    override: { reason: 'Card010 lacked a rating:\nthe rater left.', given_by: 'C1', cases: ['Card010'] },
    counts: {
      cases: data.length,
      options: options.length,
      ratings: ratings.length,
      raters: new Set(ratings.map((r) => r.rater_id)).size,
      simulated_raters: simulatedRatings > 0 ? 1 : 0,
      simulated_ratings: simulatedRatings,
      adjudications: 1,
      options_in_disagreement: 1,
      options_without_gold: 1,
    },
    specialties: [
      { code: 'All', name: 'Allergy & Immunology', cases: 1, options: data[0].options.length },
      { code: 'Card', name: 'Cardiology', cases: 2, options: 5 },
    ],
    cases: data.map((c) => ({ id: c.stored.externalId, specialty: c.specialty, options: c.options.length })),
    previous_version: 1,
    agreement,
  };
  let reads = 0;
  return {
    meta,
    data,
    reads: () => reads,
    async *cases() {
      reads++;
      for (let i = 0; i < data.length; i += batchSize) yield data.slice(i, i + batchSize);
    },
  };
}
