import { aggregateModel } from '@/lib/evaluation/aggregate';
import { baseCaseOf } from '@/lib/evaluation/parse';
import { scoreRecord } from '@/lib/evaluation/record';
import type { EvalRubric, ModelScore, RecordScore } from '@/lib/evaluation/types';
import { consensusOfPlan, type ReviewedPlan } from './agreement';
import { applyHumanVerdicts } from './verdicts';

/**
 * Every reviewed model's metrics twice over the same reviewed records (pure): as the AI judge
 * matched them, and with the physicians' consensus put in the judge's place (applyHumanVerdicts).
 * Scored with lib/evaluation's scoreRecord and aggregateModel against the rubrics given (the caller
 * picks the latest release's gold, or the reference scores).
 */

export type ModelComparison = { modelId: string; name: string; records: number; outsideRubrics: number; judge: ModelScore | null; human: ModelScore | null };

export function compareModels(input: {
  models: ReadonlyArray<{ id: string; name: string }>;
  plans: ReadonlyArray<ReviewedPlan & { modelId: string }>;
  rubrics: ReadonlyMap<string, EvalRubric>;
  bootstrap: number;
  seed: number;
}): ModelComparison[] {
  return input.models.map((model) => {
    const plans = input.plans.filter((p) => p.modelId === model.id && p.verdicts.size > 0);
    const judge: RecordScore[] = [];
    const human: RecordScore[] = [];
    let outside = 0;
    for (const plan of plans) {
      const rubric = input.rubrics.get(baseCaseOf(plan.record.id));
      if (!rubric) {
        outside += 1;
        continue;
      }
      judge.push(scoreRecord(rubric, plan.record));
      human.push(scoreRecord(rubric, applyHumanVerdicts(plan.record, consensusOfPlan(plan))));
    }
    const options = { bootstrap: input.bootstrap, seed: input.seed };
    return {
      modelId: model.id,
      name: model.name,
      records: judge.length,
      outsideRubrics: outside,
      judge: judge.length === 0 ? null : aggregateModel(model.name, judge, options),
      human: human.length === 0 ? null : aggregateModel(model.name, human, options),
    };
  });
}
