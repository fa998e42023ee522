import { describe, expect, it } from 'vitest';
import { releaseAgreement, type ReleaseAgreementRow } from '@/lib/releases/agreement';
import type { OptionRow } from '@/lib/releases/archive/types';
import { diffReleases } from '@/lib/releases/diff';

const option = (case_id: string, option_id: number, patch: Partial<OptionRow> = {}): OptionRow => ({
  case_id, specialty: case_id.slice(0, 4), option_id, position: option_id - 1, text: `Option ${option_id}`, category: 'treatment',
  is_harm_of_inaction: false, gold_score: 5, rubric_score: 5, gold_source: 'rule', median: 5, zone: 'uncertain', severity: null, harm_side: null,
  n_ratings: 3, p30: 5, p70: 5, ipr: 0, ipras: 2.35, disagreement: false, needs_discussion: false, locked_by_override: false, reference_score: null, ...patch,
});

const rows = (cases: string[], scoreOf: (caseIndex: number, rater: number) => number): ReleaseAgreementRow[] =>
  cases.flatMap((case_id, c) => [1, 2].flatMap((option_id) => [0, 1, 2].map((r) => ({ case_id, option_id, rater_id: `R${r}`, score: scoreOf(c + option_id, r), specialty: case_id.slice(0, 4), category: 'treatment' }))));

describe('diff between two release versions', () => {
  const before = rows(['Card001', 'Derm001'], (i, r) => ((i + r) % 9) + 1);
  const after = rows(['Card001', 'GI004'], (i, r) => ((i * 2 + r) % 9) + 1);
  const agreementBefore = releaseAgreement(before, { bootstrap: 0 });
  const agreementAfter = releaseAgreement(after, { bootstrap: 0 });

  it('lists cases added and removed, and each option whose gold score or label changed, with both values', () => {
    const diff = diffReleases(
      { options: [option('Card001', 1), option('Card001', 2, { gold_score: 9, rubric_score: 9, zone: 'appropriate', severity: 'moderate', harm_side: 'omission' }), option('Derm001', 1)], agreement: agreementBefore },
      { options: [option('Card001', 1, { gold_score: 2, gold_source: 'adjudicated', zone: 'harm', severity: 'moderate', harm_side: 'commission' }), option('Card001', 2, { gold_score: 9, rubric_score: 9, zone: 'appropriate', severity: 'severe', harm_side: 'omission' }), option('GI004', 1)], agreement: agreementAfter },
    );
    expect(diff.casesAdded).toEqual(['GI004']);
    expect(diff.casesRemoved).toEqual(['Derm001']);
    expect(diff.goldChanged).toEqual([
      { case_id: 'Card001', option_id: 1, text: 'Option 1', changed: ['score', 'label'], before: { gold_score: 5, gold_source: 'rule', zone: 'uncertain', severity: null, harm_side: null }, after: { gold_score: 2, gold_source: 'adjudicated', zone: 'harm', severity: 'moderate', harm_side: 'commission' } },
      { case_id: 'Card001', option_id: 2, text: 'Option 2', changed: ['label'], before: { gold_score: 9, gold_source: 'rule', zone: 'appropriate', severity: 'moderate', harm_side: 'omission' }, after: { gold_score: 9, gold_source: 'rule', zone: 'appropriate', severity: 'severe', harm_side: 'omission' } },
    ]);
  });

  it('gives agreement before and after, overall and for every specialty in either version', () => {
    const diff = diffReleases({ options: [], agreement: agreementBefore }, { options: [], agreement: agreementAfter });
    expect(diff.agreement.map((a) => a.group)).toEqual(['overall', 'Card', 'Derm', 'GI00']);
    expect(diff.agreement[0]).toEqual({
      group: 'overall',
      before: { alpha_ordinal: agreementBefore.overall.alpha.ordinal, ci: null, items: 4, raters: 3 },
      after: { alpha_ordinal: agreementAfter.overall.alpha.ordinal, ci: null, items: 4, raters: 3 },
    });
    expect(diff.agreement.find((a) => a.group === 'Derm')).toMatchObject({ before: { items: 2 }, after: null });
    expect(diff.agreement.find((a) => a.group === 'GI00')).toMatchObject({ before: null, after: { items: 2 } });
  });
});
