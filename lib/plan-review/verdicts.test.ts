import { describe, expect, it } from 'vitest';
import { scoreRecord } from '@/lib/evaluation/record';
import type { EvalRubric, JudgedRecord } from '@/lib/evaluation/types';
import { applyHumanVerdicts, consensusOf, judgeVerdictOf, type Consensus, type Verdict } from './verdicts';

const rubric: EvalRubric = {
  caseId: 'Card001',
  options: [
    { id: 1, score: 9 },
    { id: 2, score: 8 },
    { id: 3, score: 2 },
    { id: 4, score: 5 },
  ],
};
const judged: JudgedRecord = {
  id: 'Card001-2',
  trial: 0,
  responseLen: null,
  options: [
    { id: 1, matched: true, partial: false },
    { id: 2, matched: false, partial: false },
    { id: 3, matched: true, partial: false },
    { id: 4, matched: false, partial: false },
  ],
  actions: [{ match: [1, 3] }, { match: [3] }, { match: [], score: 4 }],
};
const human = new Map<number, Verdict>([
  [1, 'yes'],
  [2, 'partial'],
  [3, 'no'],
  [4, 'no'],
]);

describe('consensusOf (strict majority, else unresolved)', () => {
  it.each<[Verdict[], Consensus | null]>([
    [[], null],
    [['no'], 'no'],
    [['yes', 'yes'], 'yes'],
    [['yes', 'no'], 'unresolved'],
    [['yes', 'partial'], 'unresolved'],
    [['partial', 'no'], 'unresolved'],
    [['partial', 'partial'], 'partial'],
    [['yes', 'yes', 'no'], 'yes'],
    [['no', 'no', 'partial'], 'no'],
    [['yes', 'partial', 'no'], 'unresolved'],
    [['partial', 'partial', 'yes'], 'partial'],
    [['yes', 'yes', 'no', 'no'], 'unresolved'],
  ])('%j -> %s', (verdicts, expected) => {
    expect(consensusOf(verdicts)).toBe(expected);
  });
});

describe('judgeVerdictOf', () => {
  it('reads matched/partial as yes/partial/no; an unlisted option is "no"', () => {
    const options = [{ id: 1, matched: true, partial: false }, { id: 2, matched: true, partial: true }, { id: 3, matched: false, partial: true }];
    expect([1, 2, 3, 9].map((id) => judgeVerdictOf(options, id))).toEqual(['yes', 'partial', 'no', 'no']);
  });
});

describe('applyHumanVerdicts (the issue\'s rule)', () => {
  it('replaces options[], removes rejected ids from matches, adds an action per accepted option no action lists', () => {
    const result = applyHumanVerdicts(judged, human);
    expect(result.options).toEqual([
      { id: 1, matched: true, partial: false },
      { id: 2, matched: true, partial: true },
      { id: 3, matched: false, partial: false },
      { id: 4, matched: false, partial: false },
    ]);
    // Option 3 (rejected) leaves both actions; the second is left with no id, i.e. off-rubric.
    // Option 2 (accepted, listed by no action) becomes a new action; option 1 is already listed.
    expect(result.actions).toEqual([{ match: [1] }, { match: [] }, { match: [], score: 4 }, { match: [2] }]);
    expect(judged.actions[0].match).toEqual([1, 3]); // the input is not changed
  });

  it('keeps the judge\'s verdict where no human judged, and adds options the judge did not list', () => {
    const result = applyHumanVerdicts({ ...judged, options: judged.options.slice(0, 2) }, new Map<number, Verdict>([[2, 'no'], [4, 'yes']]));
    expect(result.options).toEqual([
      { id: 1, matched: true, partial: false },
      { id: 2, matched: false, partial: false },
      { id: 4, matched: true, partial: false },
    ]);
    expect(result.actions.at(-1)).toEqual({ match: [4] });
    expect(result.actions).toHaveLength(4);
  });

  it('moves the metrics as worked by hand', () => {
    const before = scoreRecord(rubric, judged).metrics;
    const after = scoreRecord(rubric, applyHumanVerdicts(judged, human)).metrics;
    // Judge: actions b = 9, 2, 4 -> 1 of 3 at >= 7; units 1 (matched) and 2 (not) -> 1/2;
    // weighted recall 72 / (72 + 24).
    expect(before.Precision_raw).toBeCloseTo(1 / 3, 12);
    expect(before.Recall_raw).toBeCloseTo(0.5, 12);
    expect(before.Recall_weighted).toBeCloseTo(0.75, 12);
    // Humans: actions b = 9, 5, 4, 8 -> 2 of 4; both units matched; weighted (72 + 0.5 * 24) / 96.
    expect(after.Precision_raw).toBeCloseTo(0.5, 12);
    expect(after.Recall_raw).toBeCloseTo(1, 12);
    expect(after.F1_raw).toBeCloseTo(2 / 3, 12);
    expect(after.Recall_weighted).toBeCloseTo(0.875, 12);
    // Option 2 (score 8) partly matched is a moderate omission, no severe harm either way.
    expect([before.Severe_rate, before.Moderate_rate, after.Severe_rate, after.Moderate_rate]).toEqual([0, 1, 0, 1]);
  });
});
