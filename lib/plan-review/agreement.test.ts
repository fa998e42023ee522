import { describe, expect, it } from 'vitest';
import type { JudgedRecord } from '@/lib/evaluation/types';
import { judgeAgreement, kappaOfTable, physicianAgreement, severityOfScore, type ReviewedPlan } from './agreement';
import type { Verdict } from './verdicts';

function plan(reviewId: string, judge: Array<[number, boolean, boolean]>, verdicts: Record<string, Verdict[]>, options = [{ id: 1, category: 'Medication', score: 9 }, { id: 2, category: 'Medication', score: 2 }]): ReviewedPlan {
  const record: JudgedRecord = { id: 'Card001', trial: 0, responseLen: null, options: judge.map(([id, matched, partial]) => ({ id, matched, partial })), actions: [] };
  return {
    reviewId,
    caseId: 'Card001',
    record,
    options: options.map((o) => ({ ...o, text: `option ${o.id}` })),
    verdicts: new Map(Object.entries(verdicts).map(([user, list]) => [user, new Map(list.map((v, i) => [options[i].id, v]))])),
  };
}

describe('kappaOfTable', () => {
  it('matches a hand-worked 3 x 3 kappa', () => {
    // Rows judge, columns humans: (yes,yes), (yes,no), (no,no) x 2. p_o = 3/4, p_e = (2*1 + 2*3)/16 = 1/2.
    expect(kappaOfTable([[1, 0, 1], [0, 0, 0], [0, 0, 2]])).toEqual({ kappa: 0.5, n: 4, agreement: 0.75 });
    expect(kappaOfTable([[0, 0, 0], [0, 0, 0], [0, 0, 0]])).toEqual({ kappa: null, n: 0, agreement: null });
  });
});

describe('physicianAgreement', () => {
  it('pairwise Cohen and Fleiss, worked by hand', () => {
    // A and B on 4 items: (yes,yes) (no,no) (yes,no) (partial,partial).
    const plans = [plan('r1', [], { A: ['yes', 'no'], B: ['yes', 'no'] }), plan('r2', [], { A: ['yes', 'partial'], B: ['no', 'partial'] })];
    const result = physicianAgreement(plans);
    // Cohen: p_o = 3/4; rows A (2,1,1), columns B (1,1,2): p_e = 5/16; (12/16 - 5/16) / (11/16) = 7/11.
    expect(result.pairs).toHaveLength(1);
    expect(result.pairs[0]).toMatchObject({ a: 'A', b: 'B', n: 4, agreement: 0.75 });
    expect(result.meanPairwise).toBeCloseTo(7 / 11, 12);
    // Fleiss: mean P_i = 3/4; p = (3/8, 2/8, 3/8), P_e = 22/64; (48/64 - 22/64) / (42/64) = 13/21.
    expect(result.fleiss).toBeCloseTo(13 / 21, 12);
    expect([result.n, result.fleissItems, result.pairsDefined]).toEqual([4, 4, 1]);
  });

  it('averages the pairs of three physicians; a plan with one physician adds nothing', () => {
    const plans = [plan('r1', [], { A: ['yes', 'no'], B: ['yes', 'no'], C: ['no', 'no'] }), plan('r2', [], { A: ['yes', 'yes'] })];
    const result = physicianAgreement(plans);
    expect(result.pairs.map((p) => `${p.a}-${p.b}:${p.n}`)).toEqual(['A-B:2', 'A-C:2', 'B-C:2']);
    // A-B agree on yes and no (kappa 1); A-C and B-C: rows (1,0,1), columns (0,0,2): p_e = 1/2, p_o = 1/2 -> 0.
    expect(result.pairs.map((p) => p.kappa)).toEqual([1, 0, 0]);
    expect(result.meanPairwise).toBeCloseTo(1 / 3, 12);
    expect(result.fleissItems).toBe(2);
  });

  it('Fleiss with 2 or 3 physicians per option takes chance agreement per option (irrCAC), not from pooled totals', () => {
    const three = [{ id: 1, category: 'Medication', score: 9 }, { id: 2, category: 'Medication', score: 2 }, { id: 3, category: 'Medication', score: 5 }];
    // Options: (yes, yes, no), (no, no), (yes, no); C judged option 1 only.
    const result = physicianAgreement([plan('r1', [], { A: ['yes', 'no', 'yes'], B: ['yes', 'no', 'no'], C: ['no'] }, three)]);
    // P_i = 1/3, 1, 0 -> 4/9. pi_k = mean of r_ik / r_i: yes (2/3 + 0 + 1/2) / 3 = 7/18, no 11/18;
    // P_e = (49 + 121) / 324 = 85/162; (72/162 - 85/162) / (77/162) = -13/77.
    // (Chance from pooled totals, 3 yes and 4 no of 7, would give -29/216.)
    expect(result.fleiss).toBeCloseTo(-13 / 77, 12);
    expect(result.fleissItems).toBe(3);
    // A-B: (yes,yes) (no,no) (yes,no): p_o = 2/3, p_e = 4/9 -> 0.4.
    expect(result.pairs[0]).toMatchObject({ a: 'A', b: 'B', n: 3 });
    expect(result.pairs[0].kappa).toBeCloseTo(0.4, 12);
    expect(result.pairs[0].agreement).toBeCloseTo(2 / 3, 12);
  });
});

describe('judgeAgreement', () => {
  it('compares the judge with the consensus: table, kappa, by category and severity, worst options; unresolved options left out', () => {
    const options = [
      { id: 1, category: 'Medication', score: 9 },
      { id: 2, category: 'Diagnostic', score: 2 },
    ];
    const plans = [
      // Consensus yes, no; judge yes, yes -> option 2 wrong.
      plan('r1', [[1, true, false], [2, true, false]], { A: ['yes', 'no'], B: ['yes', 'no'] }, options),
      // Option 1: yes + no, no majority -> unresolved, left out (not a judge error); option 2 no, judge (unlisted) no.
      plan('r2', [[1, false, false]], { A: ['yes', 'no'], B: ['no', 'no'] }, options),
    ];
    const result = judgeAgreement(plans);
    // Rows judge (yes, partial, no), columns consensus.
    expect(result.overall.table).toEqual([[1, 0, 1], [0, 0, 0], [0, 0, 1]]);
    expect([result.overall.n, result.overall.unresolved]).toEqual([3, 1]);
    // p_o = 2/3; rows (2,0,1), columns (1,0,2): p_e = (2 + 0 + 2)/9 = 4/9; (6/9 - 4/9)/(5/9) = 0.4.
    expect(result.overall.kappa).toBeCloseTo(0.4, 12);
    expect(result.byCategory.map((b) => [b.key, b.n, b.agreement, b.unresolved])).toEqual([['Diagnostic', 2, 0.5, 0], ['Medication', 1, 1, 1]]);
    expect(result.bySeverity.map((b) => [b.label, b.n, b.unresolved])).toEqual([['Severe (1 or 9)', 1, 1], ['Moderate (2 or 8)', 2, 0]]);
    expect(result.worst.map((w) => [w.optionId, w.disagreements, w.n, w.unresolved])).toEqual([[2, 1, 2, 0]]);
    expect(result.worst[0].judgeSaid).toEqual({ yes: 1, partial: 0, no: 0 });
    expect(result.worst[0].humansSaid).toEqual({ yes: 0, partial: 0, no: 1 });
  });

  it('a k = 3 majority is resolved; yes/partial/no is not', () => {
    const one = [{ id: 1, category: 'Medication', score: 9 }];
    const plans = [
      plan('r1', [[1, true, false]], { A: ['yes'], B: ['yes'], C: ['no'] }, one),
      plan('r2', [[1, true, false]], { A: ['yes'], B: ['partial'], C: ['no'] }, one),
    ];
    const result = judgeAgreement(plans);
    expect(result.overall.table).toEqual([[1, 0, 0], [0, 0, 0], [0, 0, 0]]);
    expect(result.overall.unresolved).toBe(1);
  });

  it('names severities by score', () => {
    expect([1, 9, 2, 8, 3, 7, 4, 6, null].map((s) => severityOfScore(s).key)).toEqual(['1-severe', '1-severe', '2-moderate', '2-moderate', '3-mild', '3-mild', '4-uncertain', '4-uncertain', '5-none']);
  });
});
