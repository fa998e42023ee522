import { describe, expect, it } from 'vitest';
import { fleissKappa, gwetAC1, gwetAC2, krippendorffAlpha, percentAgreement, zoneAlpha } from './measures';
import { fleissKappaByCategory } from './fleiss-by-category';
import { CLUSTERED_REFERENCE as REF, KRIPPENDORFF_2011, clusteredRatings, columnsToRatings, fleissRatings } from './reference-data';
import type { Rating } from './types';

const NINE = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const kripp = columnsToRatings(KRIPPENDORFF_2011);

describe("Krippendorff's alpha", () => {
  it.each([
    ['nominal', 0.743421],
    ['ordinal', 0.815388],
    ['interval', 0.849107],
    ['ratio', 0.797403],
  ] as const)('reproduces Krippendorff (2011) at the %s level', (level, expected) => {
    expect(krippendorffAlpha(kripp, level).value).toBeCloseTo(expected, 6);
  });

  it('ignores a declared domain wider than the data (unused categories add no pairs)', () => {
    expect(krippendorffAlpha(kripp, 'ordinal', { domain: NINE }).value).toBeCloseTo(0.815388, 6);
  });

  it('matches the independent implementation on clustered data with missing ratings', () => {
    const ratings = clusteredRatings();
    expect(krippendorffAlpha(ratings, 'nominal', { domain: NINE }).value).toBeCloseTo(REF.alpha_nominal, 10);
    expect(krippendorffAlpha(ratings, 'ordinal', { domain: NINE }).value).toBeCloseTo(REF.alpha_ordinal, 10);
    expect(krippendorffAlpha(ratings, 'interval', { domain: NINE }).value).toBeCloseTo(REF.alpha_interval, 10);
    expect(krippendorffAlpha(ratings, 'ratio', { domain: NINE }).value).toBeCloseTo(REF.alpha_ratio, 10);
    expect(zoneAlpha(ratings).value).toBeCloseTo(REF.alpha_zones, 10);
  });

  it('is null with a reason when no pairable rating varies', () => {
    const same: Rating[] = ['a', 'b', 'c'].flatMap((item) => ['x', 'y'].map((rater) => ({ item, rater, value: 7 })));
    expect(krippendorffAlpha(same, 'ordinal')).toEqual({ value: null, reason: 'no variation: all pairable ratings have the same value' });
    // 7, 8, 9 differ but sit in one zone.
    const oneZone = same.map((r, i) => ({ ...r, value: 7 + (i % 3) }));
    expect(krippendorffAlpha(oneZone, 'ordinal').value).not.toBeNull();
    expect(zoneAlpha(oneZone)).toEqual({ value: null, reason: 'no variation: all pairable ratings fall in one zone' });
  });

  it('is null for empty input and for items rated once', () => {
    expect(krippendorffAlpha([], 'nominal')).toEqual({ value: null, reason: 'no ratings' });
    const single = [{ item: 'a', rater: 'x', value: 1 }, { item: 'b', rater: 'x', value: 9 }];
    expect(krippendorffAlpha(single, 'interval')).toEqual({ value: null, reason: 'no item has two or more ratings' });
  });

  it('treats a non-finite value as missing', () => {
    const withNaN = [...kripp, { item: 'u12', rater: 'A', value: Number.NaN }];
    expect(krippendorffAlpha(withNaN, 'nominal').value).toBeCloseTo(0.743421, 6);
  });
});

describe('Fleiss, Gwet and percent agreement (irrCAC definitions)', () => {
  it('reproduces Fleiss (1971): overall and per-category kappa', () => {
    const ratings = fleissRatings();
    expect(fleissKappa(ratings).value).toBeCloseTo(0.4302445, 7);
    const perCategory = fleissKappaByCategory(ratings).map((c) => c.kappa.value);
    [0.245, 0.245, 0.52, 0.471, 0.566].forEach((expected, k) => expect(perCategory[k]).toBeCloseTo(expected, 3));
  });

  it('reproduces irrCAC on the Krippendorff data (varying number of raters)', () => {
    expect(percentAgreement(kripp).value).toBeCloseTo(0.8181818, 7);
    expect(gwetAC1(kripp).value).toBeCloseTo(0.77544, 5);
    expect(fleissKappa(kripp).value).toBeCloseTo(0.76117, 5);
  });

  it('matches the independent implementation on clustered data over the 1-9 domain', () => {
    const ratings = clusteredRatings();
    const domain = { domain: NINE };
    expect(fleissKappa(ratings, domain).value).toBeCloseTo(REF.fleiss, 10);
    expect(percentAgreement(ratings, domain).value).toBeCloseTo(REF.pa, 10);
    expect(percentAgreement(ratings, { ...domain, weights: 'quadratic' }).value).toBeCloseTo(REF.pa_quadratic, 10);
    expect(gwetAC1(ratings, domain).value).toBeCloseTo(REF.ac1, 10);
    expect(gwetAC2(ratings, 'linear', domain).value).toBeCloseTo(REF.ac2_linear, 10);
    expect(gwetAC2(ratings, 'quadratic', domain).value).toBeCloseTo(REF.ac2_quadratic, 10);
    const perCategory = fleissKappaByCategory(ratings, domain);
    REF.fleiss_by_category.forEach((expected, k) => expect(perCategory[k].kappa.value).toBeCloseTo(expected, 10));
  });

  it('AC1 depends on the declared domain (q), Fleiss does not', () => {
    expect(gwetAC1(kripp, { domain: NINE }).value).not.toBeCloseTo(0.77544, 3);
    expect(fleissKappa(kripp, { domain: NINE }).value).toBeCloseTo(0.76117, 5);
  });

  it('keeps AC1 defined when every rating is in one category, where Fleiss is undefined', () => {
    const same: Rating[] = ['a', 'b'].flatMap((item) => ['x', 'y', 'z'].map((rater) => ({ item, rater, value: 8 })));
    expect(fleissKappa(same, { domain: NINE })).toEqual({ value: null, reason: 'chance agreement is 1: all ratings fall in one category' });
    expect(gwetAC1(same, { domain: NINE }).value).toBe(1);
    expect(percentAgreement(same).value).toBe(1);
    expect(gwetAC1(same)).toEqual({ value: null, reason: 'the domain has fewer than two categories' });
    expect(fleissKappaByCategory(same, { domain: [7, 8] }).map((c) => c.kappa.reason)).toEqual(['category never used', 'every rating is in this category']);
  });

  it('gives null, not NaN, on empty input', () => {
    for (const estimate of [fleissKappa([]), gwetAC1([]), gwetAC2([], 'quadratic'), percentAgreement([])]) {
      expect(estimate.value).toBeNull();
      expect(estimate.reason).toMatch(/no ratings|no item/);
    }
  });
});
