import { describe, expect, it } from 'vitest';
import { goldRuleSchema, type GoldRule } from '@/lib/projects/schema';
import { adjudicationReasons, describeGoldRule, goldLabel, rubricScoreOf, spreadOf } from './rule';
import { summarizeGold } from './summary';

const rule = (patch: { severityMode?: 'strict' | 'lenient'; randUcla?: boolean; crossZone?: boolean; needsDiscussion?: boolean } = {}): GoldRule =>
  goldRuleSchema.parse({
    severityMode: patch.severityMode ?? 'strict',
    adjudicate: { randUcla: patch.randUcla ?? true, crossZone: patch.crossZone ?? false, needsDiscussion: patch.needsDiscussion ?? false },
  });
const strict = rule();
const lenient = rule({ severityMode: 'lenient' });
const label = (scores: number[], r: GoldRule = strict, needsDiscussion = false) => goldLabel({ scores, needsDiscussion }, r);

describe('gold label: score, zone, severity', () => {
  it('unanimous 1/1/1 is severe harm of doing it in both modes', () => {
    for (const r of [strict, lenient]) {
      expect(label([1, 1, 1], r)).toMatchObject({ status: 'rule', score: 1, zone: 'harm', severity: 'severe', side: 'commission', unanimous: true, needsAdjudication: false });
    }
  });

  it('majority 1/1/2: strict caps at moderate, lenient says severe', () => {
    expect(label([1, 1, 2], strict)).toMatchObject({ score: 1, severity: 'moderate', unanimous: false });
    expect(label([2, 1, 1], lenient)).toMatchObject({ score: 1, severity: 'severe' });
  });

  it('omission side: 9/9/9 severe in both modes; 9/9/8 moderate strict, severe lenient', () => {
    expect(label([9, 9, 9], strict)).toMatchObject({ score: 9, zone: 'appropriate', severity: 'severe', side: 'omission' });
    expect(label([9, 9, 9], lenient)).toMatchObject({ severity: 'severe', side: 'omission' });
    expect(label([9, 9, 8], strict)).toMatchObject({ score: 9, severity: 'moderate', side: 'omission' });
    expect(label([9, 8, 9], lenient)).toMatchObject({ score: 9, severity: 'severe', side: 'omission' });
  });

  it('median severities below the extreme: 2 moderate, 3 mild, 7 mild, 8 moderate, 4-6 none', () => {
    expect(label([2, 2, 3])).toMatchObject({ score: 2, severity: 'moderate', side: 'commission' });
    expect(label([3, 3, 2])).toMatchObject({ score: 3, severity: 'mild', side: 'commission' });
    expect(label([7, 7, 8])).toMatchObject({ score: 7, severity: 'mild', side: 'omission' });
    expect(label([8, 8, 9])).toMatchObject({ score: 8, severity: 'moderate', side: 'omission' });
    expect(label([5, 4, 6])).toMatchObject({ score: 5, zone: 'uncertain', severity: null, side: null });
  });

  it('a split 1/5/9 has median 5 (uncertain) and needs adjudication by the small-panel test', () => {
    const split = label([1, 5, 9]);
    expect(split).toMatchObject({ score: 5, zone: 'uncertain', severity: null, needsAdjudication: true });
    expect(split.reasons).toEqual([{ key: 'randUcla', text: 'RAND/UCLA disagreement (small panel: a rating in 1-3 and one in 7-9; IPR 3.2 > IPRAS 2.35)' }]);
    // 3/7/7: IPR 1.6 is within IPRAS 4.15, only the small-panel test flags it.
    expect(label([3, 7, 7]).reasons).toEqual([{ key: 'randUcla', text: 'RAND/UCLA disagreement (small panel: a rating in 1-3 and one in 7-9)' }]);
  });

  it('two raters: median between them, severity needs both at the extreme in strict mode', () => {
    expect(label([1, 1])).toMatchObject({ status: 'rule', score: 1, severity: 'severe', unanimous: true });
    expect(label([1, 2], strict)).toMatchObject({ score: 1.5, zone: 'harm', severity: 'moderate' });
    expect(label([1, 2], lenient)).toMatchObject({ score: 1.5, severity: 'moderate' });
    expect(label([6, 7])).toMatchObject({ score: 6.5, zone: 'uncertain', severity: null });
    expect(label([2, 8]).reasons.map((r) => r.key)).toEqual(['randUcla']);
  });

  it('one rater: no gold label yet, never "unanimous"', () => {
    expect(label([9])).toMatchObject({ status: 'pending', score: null, zone: null, severity: null, unanimous: false, needsAdjudication: false, reasons: [] });
    expect(label([])).toMatchObject({ status: 'pending', score: null, unanimous: false });
  });

  it('an adjudicated score stands, with zone and severity from it, and the option stops waiting', () => {
    const adjudication = { score: 2, adjudicator: 'Dr A', at: '2026-11-30T10:00:00.000Z', rationale: 'risk of bleeding' };
    const result = goldLabel({ scores: [1, 5, 9], needsDiscussion: false, adjudication }, strict);
    expect(result).toMatchObject({ status: 'adjudicated', score: 2, zone: 'harm', severity: 'moderate', side: 'commission', median: 5, needsAdjudication: false, adjudication });
    expect(result.reasons.map((r) => r.key)).toEqual(['randUcla']);
    expect(goldLabel({ scores: [5, 5, 5], needsDiscussion: false, adjudication: { ...adjudication, score: 9 } }, strict)).toMatchObject({ severity: 'severe', side: 'omission' });
  });
});

describe('adjudication reasons', () => {
  it('randUcla names the IPR test when the small-panel test does not apply', () => {
    // 6 raters: no small-panel test; P30 2.5, P70 7.5, IPR 5 > IPRAS 2.35.
    const reasons = adjudicationReasons({ scores: [2, 2, 3, 7, 8, 8], needsDiscussion: false }, strict);
    expect(reasons).toEqual([{ key: 'randUcla', text: 'RAND/UCLA disagreement (IPR 5 > IPRAS 2.35)' }]);
  });

  it('randUcla off: a 1/5/9 split needs nothing; crossZone catches it with the zones named', () => {
    expect(adjudicationReasons({ scores: [1, 5, 9], needsDiscussion: false }, rule({ randUcla: false }))).toEqual([]);
    expect(adjudicationReasons({ scores: [1, 5, 9], needsDiscussion: false }, rule({ randUcla: false, crossZone: true }))).toEqual([
      { key: 'crossZone', text: 'ratings in different zones (harm, uncertain, appropriate)' },
    ]);
  });

  it('crossZone flags 8/8/4 that RAND/UCLA accepts', () => {
    expect(label([8, 8, 4]).needsAdjudication).toBe(false);
    expect(label([8, 8, 4], rule({ crossZone: true })).reasons.map((r) => r.key)).toEqual(['crossZone']);
    expect(label([8, 8, 7], rule({ crossZone: true })).needsAdjudication).toBe(false);
  });

  it('needsDiscussion only when the rule enables it and a rater flagged it', () => {
    expect(label([7, 7, 7], strict, true).needsAdjudication).toBe(false);
    expect(label([7, 7, 7], rule({ needsDiscussion: true }), true).reasons).toEqual([{ key: 'needsDiscussion', text: 'a rater flagged "needs discussion"' }]);
    expect(label([7, 7, 7], rule({ needsDiscussion: true }), false).needsAdjudication).toBe(false);
  });

  it('nothing below 2 ratings, even when flagged', () => {
    expect(adjudicationReasons({ scores: [1], needsDiscussion: true }, rule({ needsDiscussion: true, crossZone: true }))).toEqual([]);
  });
});

describe('summary, spread and description', () => {
  it('counts zones, severities and reasons under each rule', () => {
    const inputs = [
      { scores: [1, 1, 1], needsDiscussion: false },
      { scores: [1, 1, 2], needsDiscussion: false },
      { scores: [9, 9, 8], needsDiscussion: true },
      { scores: [1, 5, 9], needsDiscussion: false },
      { scores: [4], needsDiscussion: false },
    ];
    const s = summarizeGold(inputs, strict);
    expect(s).toMatchObject({ options: 5, pending: 1, adjudicated: 0, zones: { harm: 2, uncertain: 1, appropriate: 1 }, awaitingAdjudication: 1 });
    expect(s.commission).toEqual({ severe: 1, moderate: 1, mild: 0 });
    expect(s.omission).toEqual({ severe: 0, moderate: 1, mild: 0 });
    expect(s.reasons).toEqual({ randUcla: 1, crossZone: 0, needsDiscussion: 0 });
    const l = summarizeGold(inputs, rule({ severityMode: 'lenient', crossZone: true, needsDiscussion: true }));
    expect(l.commission).toEqual({ severe: 2, moderate: 0, mild: 0 });
    expect(l.omission).toEqual({ severe: 1, moderate: 0, mild: 0 });
    expect(l.reasons).toEqual({ randUcla: 1, crossZone: 1, needsDiscussion: 1 });
    expect(l.awaitingAdjudication).toBe(2);
  });

  it('spread is max - min, 0 below two ratings', () => {
    expect(spreadOf([1, 5, 9])).toBe(8);
    expect(spreadOf([7])).toBe(0);
  });

  it('describes the rule for a release', () => {
    expect(describeGoldRule(rule({ crossZone: true }))).toBe('median (adjudicated score where recorded); severity strict; adjudication: randUcla, crossZone');
    expect(describeGoldRule(rule({ randUcla: false, severityMode: 'lenient' }))).toBe('median (adjudicated score where recorded); severity lenient; adjudication: none');
  });
});

describe('rubric score', () => {
  it('keeps integers and rounds a half point toward 5, the side its severity already takes', () => {
    expect([1, 1.5, 2.5, 3.5, 4.5, 5, 5.5, 6.5, 7.5, 8.5, 9].map(rubricScoreOf)).toEqual([1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9]);
    for (const half of [1.5, 2.5, 3.5, 6.5, 7.5, 8.5]) {
      expect(goldLabel({ scores: [Math.floor(half), Math.ceil(half)], needsDiscussion: false }, strict).severity).toBe(
        goldLabel({ scores: [rubricScoreOf(half), rubricScoreOf(half)], needsDiscussion: false }, lenient).severity,
      );
    }
  });
});
