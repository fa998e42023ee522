import { aggregateModel } from '@/lib/evaluation/aggregate';
import { baseCaseOf } from '@/lib/evaluation/parse';
import { scoreRecords } from '@/lib/evaluation/record';
import type { EvalRubric, JudgedRecord, ModelScore, RecordScore } from '@/lib/evaluation/types';
import { rubricScoreOf } from '@/lib/gold/rule';

/**
 * An evaluation's figures (issue 10), pure: models' judged records scored against a release's cases
 * twice, once with the release's gold scores and once with the imported reference scores, overall
 * and per specialty. What `evaluations.result` keeps.
 */

export const VARIANTS = ['gold', 'reference'] as const;
export type Variant = (typeof VARIANTS)[number];
export const VARIANT_LABELS: Record<Variant, string> = { gold: 'release gold', reference: 'reference scores' };

export type ScoringOption = {
  id: number;
  text: string;
  category: string;
  abstraction: string | null;
  abstractionType: string | null;
  dependsOn: number[];
  referenceScore: number | null;
  /** The release's gold score (a median may be a half point); null outside a release or without gold. */
  goldScore: number | null;
};
export type ScoringCase = { dbId: string; caseId: string; specialty: { code: string; name: string }; options: ScoringOption[] };

export type ScoringModel = { id: string; name: string; records: readonly JudgedRecord[] };

export type BoardRow = { modelId: string; score: ModelScore };
export type Board = { overall: BoardRow[]; bySpecialty: Record<string, BoardRow[]> };

export type EvaluationResult = {
  format: 1;
  bootstrap: number;
  seed: number;
  cases: number;
  specialties: Array<{ code: string; name: string; cases: number }>;
  /** Options of the release's cases without a reference score, or without a gold score (they count as 5). */
  unscored: Record<Variant, number>;
  models: Array<{ id: string; name: string; records: number; scored: number; outsideRelease: number; casesOutsideRelease: string[] }>;
  boards: Record<Variant, Board>;
};

/** The integer score a rubric gives an option under a variant (gold: as the archive's rubrics/ round it). */
export function optionScore(option: ScoringOption, variant: Variant): number | null {
  if (variant === 'reference') return option.referenceScore;
  return option.goldScore === null ? null : rubricScoreOf(option.goldScore);
}

export function rubricOfCase(scoringCase: ScoringCase, variant: Variant): EvalRubric {
  return {
    caseId: scoringCase.caseId,
    options: scoringCase.options.map((o) => ({ id: o.id, score: optionScore(o, variant), abstraction: o.abstraction, abstractionType: o.abstractionType, dependsOn: o.dependsOn })),
  };
}

export function rubricsOf(cases: readonly ScoringCase[], variant: Variant): Map<string, EvalRubric> {
  return new Map(cases.map((c) => [c.caseId, rubricOfCase(c, variant)]));
}

export function computeEvaluation(input: { cases: readonly ScoringCase[]; models: readonly ScoringModel[]; bootstrap: number; seed: number }): EvaluationResult {
  const { cases, models, bootstrap, seed } = input;
  const specialtyOf = new Map(cases.map((c) => [c.caseId, c.specialty.code]));
  const specialties = new Map<string, { code: string; name: string; cases: number }>();
  for (const c of cases) {
    const entry = specialties.get(c.specialty.code) ?? { ...c.specialty, cases: 0 };
    entry.cases += 1;
    specialties.set(c.specialty.code, entry);
  }
  const options = cases.flatMap((c) => c.options);
  const boards = {} as Record<Variant, Board>;
  for (const variant of VARIANTS) {
    const rubrics = rubricsOf(cases, variant);
    const board: Board = { overall: [], bySpecialty: {} };
    for (const model of models) {
      const { scores } = scoreRecords(model.records, rubrics);
      if (scores.length === 0) continue;
      board.overall.push({ modelId: model.id, score: aggregateModel(model.name, scores, { bootstrap, seed }) });
      const perSpecialty = new Map<string, RecordScore[]>();
      for (const score of scores) {
        const code = specialtyOf.get(score.caseId)!;
        const list = perSpecialty.get(code) ?? [];
        list.push(score);
        perSpecialty.set(code, list);
      }
      for (const [code, list] of perSpecialty) (board.bySpecialty[code] ??= []).push({ modelId: model.id, score: aggregateModel(model.name, list, { bootstrap, seed }) });
    }
    boards[variant] = board;
  }
  return {
    format: 1,
    bootstrap,
    seed,
    cases: cases.length,
    specialties: [...specialties.values()].sort((a, b) => a.code.localeCompare(b.code)),
    unscored: { gold: options.filter((o) => o.goldScore === null).length, reference: options.filter((o) => o.referenceScore === null).length },
    models: models.map((model) => {
      const outside = model.records.filter((r) => !specialtyOf.has(baseCaseOf(r.id)));
      return {
        id: model.id,
        name: model.name,
        records: model.records.length,
        scored: model.records.length - outside.length,
        outsideRelease: outside.length,
        casesOutsideRelease: [...new Set(outside.map((r) => baseCaseOf(r.id)))].sort(),
      };
    }),
    boards,
  };
}
