import { describe, expect, it } from 'vitest';
import { evaluateModel, type EvalRubric, type JudgedRecord } from './index';

const rubrics = new Map<string, EvalRubric>([['Card001', { caseId: 'Card001', options: [{ id: 1, score: 9 }] }]]);
const rec = (id: string, matched: boolean): JudgedRecord => ({ id, trial: 0, options: [{ id: 1, matched, partial: false }], actions: matched ? [{ match: [1] }] : [], responseLen: null });

describe('evaluateModel', () => {
  it("scores each record against its base case's rubric and aggregates them", () => {
    const { score, perRecord } = evaluateModel('m', [rec('Card001', true), rec('Card001-1', false)], rubrics, { bootstrap: 20 });
    // Record 1: F1_weighted 1; record 2 omits the 9: Severe, 0. One case: (1 + 0) / 2.
    expect(perRecord.map((r) => r.metrics.F1_weighted)).toEqual([1, 0]);
    expect(score.metrics.F1_weighted).toEqual({ mean: 0.5, ci: 0, ci_lo: 0.5, ci_hi: 0.5, n: 1 });
    expect(score).toMatchObject({ model: 'm', records: 2, cases: 1 });
  });

  it('refuses a record whose case has no rubric', () => {
    expect(() => evaluateModel('m', [rec('Pulm001-2', true)], rubrics)).toThrow('m: record Pulm001-2 has no rubric (case Pulm001)');
  });
});
