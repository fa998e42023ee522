import { describe, expect, it } from 'vitest';
import { computeBreakdowns, type BreakdownRow } from './breakdowns';
import { computeAgreementReport } from './report';
import { CLUSTERED_REFERENCE as REF, clusteredRatings } from './reference-data';

const NINE = [1, 2, 3, 4, 5, 6, 7, 8, 9];

function rows(): BreakdownRow[] {
  return clusteredRatings().map((r) => ({
    ...r,
    groups: { case: r.cluster!, half: Number(r.cluster!.slice(4)) <= 6 ? 'first' : 'second', ...(r.item.endsWith('-1') ? { category: 'Diagnostic' } : {}) },
  }));
}

describe('computeBreakdowns', () => {
  it('summarises each group like a report over that group alone', () => {
    const { dimensions } = computeBreakdowns(rows(), { domain: NINE });
    expect(Object.keys(dimensions)).toEqual(['case', 'half', 'category']);
    expect(dimensions.half.map((g) => g.value)).toEqual(['first', 'second']);
    const first = computeAgreementReport(clusteredRatings().filter((r) => Number(r.cluster!.slice(4)) <= 6), { domain: NINE, bootstrap: 0 });
    expect(dimensions.half[0]).toMatchObject({ items: first.items, ratings: first.ratings, alpha: first.alpha, gwet_ac2: first.gwet_ac2, ci: null });
    // Only rows that carry the key join that dimension.
    expect(dimensions.category).toHaveLength(1);
    expect(dimensions.category[0].items).toBe(12);
    expect(dimensions.case.map((g) => g.value)).toEqual(Array.from({ length: 12 }, (_, i) => `Card${String(i + 1).padStart(3, '0')}`));
  });

  it('bootstraps per group when asked, resampling options inside a single case', () => {
    const { dimensions } = computeBreakdowns(rows(), { domain: NINE, bootstrap: 100, dimensions: ['case', 'half'] });
    expect(Object.keys(dimensions)).toEqual(['case', 'half']);
    expect(dimensions.half[0].ci).toMatchObject({ resampled: 'clusters', units: 6, replicates: 100 });
    expect(dimensions.case[1].ci).toMatchObject({ resampled: 'items' });
  });

  it('uses the observed values of all rows as the common domain when none is declared', () => {
    const { dimensions } = computeBreakdowns(rows());
    const all = computeAgreementReport(clusteredRatings(), { bootstrap: 0 });
    const first = computeAgreementReport(clusteredRatings().filter((r) => Number(r.cluster!.slice(4)) <= 6), { domain: all.domain, bootstrap: 0 });
    expect(dimensions.half[0].gwet_ac1).toBeCloseTo(first.gwet_ac1!, 12);
  });

  it('compares each rater with the others, matching the independent implementation', () => {
    const { raters } = computeBreakdowns(rows(), { domain: NINE });
    expect(raters.map((r) => r.rater)).toEqual(Object.keys(REF.per_rater));
    for (const r of raters) {
      const [items, alphaWith, alphaWithout, offset] = REF.per_rater[r.rater as keyof typeof REF.per_rater];
      expect(r.items).toBe(items);
      expect(r.alpha_with).toBeCloseTo(alphaWith, 10);
      expect(r.alpha_without).toBeCloseTo(alphaWithout, 10);
      expect(r.alpha_change).toBeCloseTo(alphaWith - alphaWithout, 10);
      expect(r.mean_offset).toBeCloseTo(offset, 10);
    }
  });

  it('averages a rater’s quadratic Cohen kappa over co-raters, weighted by shared items', () => {
    const { raters } = computeBreakdowns(rows(), { domain: NINE });
    const cohenRows = REF.cohen as ReadonlyArray<readonly [string, string, number, number | null, number | null, number | null]>;
    const pairs = cohenRows.filter((p) => p[0] === 'dr9' || p[1] === 'dr9');
    // dr2-dr9 share one item, where kappa is undefined: it counts as a co-rater but not in the mean.
    const defined = pairs.filter((p) => p[5] !== null);
    const expected = defined.reduce((s, p) => s + p[2] * p[5]!, 0) / defined.reduce((s, p) => s + p[2], 0);
    const dr9 = raters.find((r) => r.rater === 'dr9')!;
    expect(defined).toHaveLength(pairs.length - 1);
    expect(dr9.co_raters).toBe(pairs.length);
    expect(dr9.cohen_quadratic_mean).toBeCloseTo(expected, 10);
  });

  it('returns empty groups and raters for no rows', () => {
    expect(computeBreakdowns([])).toEqual({ dimensions: {}, raters: [] });
  });
});
