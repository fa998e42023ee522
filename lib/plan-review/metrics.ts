import { aggregateModel } from '@/lib/evaluation/aggregate';
import { baseCaseOf } from '@/lib/evaluation/parse';
import type { EvalRubric, ModelScore } from '@/lib/evaluation/types';
import { scoreRecords } from '@/lib/evaluation/record';
import { consensusOfPlan, type ReviewedPlan } from './agreement';
import { applyHumanVerdicts } from './verdicts';

/**
 * Every reviewed model's metrics twice over the same reviewed records (pure): as the AI judge
 * matched them, and with the physicians' consensus put in the judge's place (applyHumanVerdicts).
 * Scored with lib/evaluation's scoreRecords and lib/evaluation's aggregateModel against the rubrics
 * given (the caller picks the latest release's gold, or the reference scores). A record with any
 * unresolved option (no majority among its physicians) is left out of both sides and counted.
 */

export type ModelComparison = {
  modelId: string;
  name: string;
  /** Records scored on both sides. */
  records: number;
  /** Reviewed records of cases outside the rubrics. */
  outsideRubrics: number;
  /** Reviewed records left out because an option has no majority among the physicians. */
  unresolved: number;
  judge: ModelScore | null;
  human: ModelScore | null;
};

export function compareModels(input: {
  models: ReadonlyArray<{ id: string; name: string }>;
  plans: ReadonlyArray<ReviewedPlan & { modelId: string }>;
  rubrics: ReadonlyMap<string, EvalRubric>;
  bootstrap: number;
  seed: number;
}): ModelComparison[] {
  return input.models.map((model) => {
    const plans = input.plans.filter((p) => p.modelId === model.id && p.verdicts.size > 0);
    const inside = plans.filter((p) => input.rubrics.has(baseCaseOf(p.record.id)));
    const consensus = inside.map((p) => ({ plan: p, ...consensusOfPlan(p) }));
    const kept = consensus.filter((c) => c.unresolved.length === 0);
    const judge = scoreRecords(kept.map((c) => c.plan.record), input.rubrics).scores;
    const human = scoreRecords(kept.map((c) => applyHumanVerdicts(c.plan.record, c.resolved)), input.rubrics).scores;
    const options = { bootstrap: input.bootstrap, seed: input.seed };
    return {
      modelId: model.id,
      name: model.name,
      records: judge.length,
      outsideRubrics: plans.length - inside.length,
      unresolved: consensus.length - kept.length,
      judge: judge.length === 0 ? null : aggregateModel(model.name, judge, options),
      human: human.length === 0 ? null : aggregateModel(model.name, human, options),
    };
  });
}
