import { testReleaseSource, type TestCase, type TestRelease } from '@/lib/releases/test-source';
import { noharmFile } from '@/test/noharm';
import type { ReleaseFormat } from './types';

/**
 * A small in-memory release for the archive's tests (built by lib/releases/test-source.ts, as every
 * test release): one real NOHARM rubric (All001) and two made up cases with awkward text (commas,
 * quotes, CR LF, unicode, a would-be formula, keys the format does not know), a half-point median,
 * an adjudicated option, an option locked by override without gold, and a simulated rater.
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

/** Ratings of an option: two physicians and a simulated rater; one option gets a fourth rating (half-point median). */
function scoresOf(caseId: string, number: number): number[] {
  if (caseId === 'Card002' && number === 2) return [6, 7, 6, 7];
  if (caseId === 'Card002' && number === 3) return [1, 9, 5];
  if (caseId === 'Card010' && number === 2) return [4];
  return [1 + (number % 9), 1 + ((number + 1) % 9), 1 + (number % 9)];
}

const RATERS = ['R1', 'R2', 'Rsim', 'R4'];

/** The release, its cases served in batches of `batchSize`; `reads()` counts the calls to `cases()`. */
export function testRelease({ batchSize = 1, simulated = true, format }: { batchSize?: number; simulated?: boolean; format?: ReleaseFormat } = {}): TestRelease {
  const cases: TestCase[] = Object.entries(RAW_RUBRICS).map(([id, rubric]) => ({
    id,
    rubric,
    options: (rubric.options as Array<{ id: number }>).map(({ id: number }) => ({
      ratings: scoresOf(id, number).map((score, i) => ({ rater: RATERS[i], score, simulated: simulated && RATERS[i] === 'Rsim' })),
      adjudication: id === 'Card002' && number === 3 ? { score: 2, rationale: 'Risky, "very";\nsee notes', adjudicator: 'A1' } : undefined,
      lockedByOverride: id === 'Card010' && number === 2,
    })),
  }));
  return testReleaseSource(cases, {
    batchSize,
    bootstrap: 20,
    seed: 1,
    override: { reason: 'Card010 lacked a rating:\nthe rater left.', given_by: 'C1', cases: ['Card010'] },
    release: { format, project: { slug: 'study', name: 'Harm "study": cardiology & allergy', is_demo: false }, version: 2, created_at: '2026-11-03T12:00:00.000Z', previous_version: 1 },
  });
}
