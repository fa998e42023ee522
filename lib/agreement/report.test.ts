import { describe, expect, it } from 'vitest';
import { computeAgreementReport } from './report';
import { KRIPPENDORFF_2011, columnsToRatings } from './reference-data';

/** Every number anywhere in the report is finite: NaN would print as null and hide a bug. */
function expectNoNaN(value: unknown): void {
  if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  else if (value && typeof value === 'object') Object.values(value).forEach(expectNoNaN);
}

describe('computeAgreementReport', () => {
  it('prints the keys the CLI documents, in order, with the published Krippendorff (2011) values', () => {
    const report = computeAgreementReport(columnsToRatings(KRIPPENDORFF_2011), { bootstrap: 100 });
    expect(Object.keys(report)).toEqual([
      'items', 'raters', 'ratings', 'domain', 'alpha', 'alpha_zones', 'fleiss_kappa', 'fleiss_kappa_by_category',
      'percent_agreement', 'gwet_ac1', 'gwet_ac2', 'cohen_kappa', 'ci', 'per_item', 'notes',
    ]);
    expect(report).toMatchObject({ items: 12, raters: 4, ratings: 41, domain: [1, 2, 3, 4, 5] });
    expect(report.alpha.ratio).toBeCloseTo(0.797403, 6);
    expect(report.gwet_ac1).toBeCloseTo(0.77544, 5);
    expect(report.cohen_kappa).toHaveLength(6);
    expect(report.per_item.find((i) => i.item === 'u12')).toEqual({
      item: 'u12', n: 1, median: 3, mean: 3, p30: 3, p70: 3, ipr: 0, ipras: 5.35, disagreement: false, disagreement_rule: null, zone: 'harm', unanimous_zone: false,
    });
    expectNoNaN(report);
  });

  it('gives a defined, NaN-free answer for empty input', () => {
    const report = computeAgreementReport([], { domain: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(report).toMatchObject({ items: 0, raters: 0, ratings: 0, fleiss_kappa: null, gwet_ac1: null, percent_agreement: null, cohen_kappa: [], per_item: [], ci: null });
    expect(report.alpha).toEqual({ nominal: null, ordinal: null, interval: null, ratio: null });
    expect(report.notes).toMatchObject({ 'alpha.ordinal': 'no ratings', gwet_ac1: 'no ratings', ci: 'fewer than two clusters or items to resample' });
    expectNoNaN(report);
    expect(computeAgreementReport([]).domain).toEqual([]);
  });

  it('handles a single option and all-equal ratings without NaN', () => {
    const one = computeAgreementReport(['x', 'y', 'z'].map((rater) => ({ item: 'o1', rater, value: 8 })), { domain: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    expect(one).toMatchObject({ items: 1, alpha: { ordinal: null }, fleiss_kappa: null, gwet_ac1: 1, percent_agreement: 1, ci: null });
    expect(one.notes['alpha.ordinal']).toBe('no variation: all pairable ratings have the same value');
    expect(one.per_item[0]).toMatchObject({ median: 8, zone: 'appropriate', disagreement: false });
    expectNoNaN(one);
  });

  it('keeps the later of two ratings by the same rater of the same option', () => {
    const report = computeAgreementReport(
      [
        { item: 'o1', rater: 'x', value: 1 },
        { item: 'o1', rater: 'y', value: 9 },
        { item: 'o1', rater: 'x', value: 9 },
      ],
      { bootstrap: 0 },
    );
    expect(report).toMatchObject({ ratings: 2, raters: 2 });
    expect(report.per_item[0]).toMatchObject({ n: 2, median: 9 });
  });

  it('adds an observed value outside the declared domain instead of failing', () => {
    const report = computeAgreementReport([{ item: 'o1', rater: 'x', value: 10 }, { item: 'o1', rater: 'y', value: 9 }], { domain: [1, 9], bootstrap: 0 });
    expect(report.domain).toEqual([1, 9, 10]);
  });

  it('gives the per-category Fleiss kappa a reason when undefined', () => {
    const report = computeAgreementReport(columnsToRatings(KRIPPENDORFF_2011), { domain: [1, 2, 3, 4, 5, 6], bootstrap: 0 });
    expect(report.fleiss_kappa_by_category[5]).toEqual({ category: 6, kappa: null, reason: 'category never used' });
  });
});
