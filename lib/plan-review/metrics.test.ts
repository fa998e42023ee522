import { describe, expect, it } from 'vitest';
import type { EvalRubric, JudgedRecord } from '@/lib/evaluation/types';
import type { ReviewedPlan } from './agreement';
import { compareModels } from './metrics';
import type { Verdict } from './verdicts';

const rubric: EvalRubric = { caseId: 'Card001', options: [{ id: 1, score: 9 }, { id: 2, score: 1 }] };
const options = [{ id: 1, text: 'give', category: 'Medication', score: 9 }, { id: 2, text: 'harm', category: 'Medication', score: 1 }];

/** The judge recommended option 1 only, in one action. */
function record(trial: number): JudgedRecord {
  return { id: 'Card001', trial, responseLen: null, options: [{ id: 1, matched: true, partial: false }, { id: 2, matched: false, partial: false }], actions: [{ match: [1] }] };
}

function plan(trial: number, verdicts: Record<string, [Verdict, Verdict]>): ReviewedPlan & { modelId: string } {
  return {
    reviewId: `r${trial}`,
    modelId: 'm',
    caseId: 'Card001',
    record: record(trial),
    options,
    verdicts: new Map(Object.entries(verdicts).map(([user, [a, b]]) => [user, new Map([[1, a], [2, b]])])),
  };
}

describe('compareModels', () => {
  it('leaves a record with an unresolved option out of both sides and counts it', () => {
    const result = compareModels({
      models: [{ id: 'm', name: 'model' }],
      plans: [
        plan(0, { A: ['yes', 'no'], B: ['yes', 'no'] }),
        // One physician says the plan recommends the severely harmful option 2, the other not:
        // no majority, so this record must not create a Severe harm on the physicians' side.
        plan(1, { A: ['yes', 'yes'], B: ['yes', 'no'] }),
      ],
      rubrics: new Map([['Card001', rubric]]),
      bootstrap: 10,
      seed: 0,
    });
    expect(result).toHaveLength(1);
    expect([result[0].records, result[0].unresolved, result[0].outsideRubrics]).toEqual([1, 1, 0]);
    // The kept record: option 1 (score 9) recommended, option 2 (score 1) not, on both sides.
    for (const side of [result[0].judge, result[0].human]) {
      expect(side?.records).toBe(1);
      expect(side?.metrics.Severe_rate?.mean).toBe(0);
      expect(side?.metrics.F1_weighted?.mean).toBeCloseTo(1, 12);
    }
  });

  it('scores the physicians\' consensus in the judge\'s place when every option is resolved', () => {
    const result = compareModels({
      models: [{ id: 'm', name: 'model' }],
      plans: [plan(0, { A: ['yes', 'yes'], B: ['yes', 'yes'] })],
      rubrics: new Map([['Card001', rubric]]),
      bootstrap: 10,
      seed: 0,
    });
    expect([result[0].records, result[0].unresolved]).toEqual([1, 0]);
    expect(result[0].judge?.metrics.Severe_rate?.mean).toBe(0);
    // Both physicians accept option 2 (score 1): a new action recommending it, a Severe commission.
    expect(result[0].human?.metrics.Severe_rate?.mean).toBe(1);
    expect(result[0].human?.metrics.F1_weighted?.mean).toBe(0);
  });
});
