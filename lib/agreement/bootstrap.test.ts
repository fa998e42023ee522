import { describe, expect, it } from 'vitest';
import { computeAgreementReport } from './report';
import { CLUSTERED_REFERENCE as REF, clusteredRatings } from './reference-data';

const NINE = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('cluster bootstrap', () => {
  it('gives the same intervals for the same seed and different ones for another seed', () => {
    const ratings = clusteredRatings();
    const first = computeAgreementReport(ratings, { domain: NINE, bootstrap: 300, seed: 42 }).ci;
    const again = computeAgreementReport(ratings, { domain: NINE, bootstrap: 300, seed: 42 }).ci;
    const other = computeAgreementReport(ratings, { domain: NINE, bootstrap: 300, seed: 43 }).ci;
    expect(again).toEqual(first);
    expect(other?.alpha.ordinal).not.toEqual(first?.alpha.ordinal);
  });

  it('reproduces an independent case-resampling replication (same PRNG, naive recomputation per replicate)', () => {
    const report = computeAgreementReport(clusteredRatings(), { domain: NINE, bootstrap: 200, seed: 7 });
    expect(report.ci).toMatchObject({ resampled: 'clusters', units: 12, replicates: 200, seed: 7, level: 0.95 });
    expect(report.ci?.alpha.ordinal?.lower).toBeCloseTo(REF.boot_ordinal[0], 10);
    expect(report.ci?.alpha.ordinal?.upper).toBeCloseTo(REF.boot_ordinal[1], 10);
    expect(report.ci?.gwet_ac1?.lower).toBeCloseTo(REF.boot_ac1[0], 10);
    expect(report.ci?.gwet_ac1?.upper).toBeCloseTo(REF.boot_ac1[1], 10);
    expect(report.ci?.fleiss_kappa?.lower).toBeCloseTo(REF.boot_fleiss[0], 10);
    expect(report.ci?.fleiss_kappa?.upper).toBeCloseTo(REF.boot_fleiss[1], 10);
  });

  it('resamples items when they have no case (identical single items share one row internally)', () => {
    const ratings = clusteredRatings().map(({ cluster: _, ...r }) => r);
    const ci = computeAgreementReport(ratings, { domain: NINE, bootstrap: 100, seed: 3 }).ci;
    expect(ci).toMatchObject({ resampled: 'clusters', units: 53 });
    expect(ci?.alpha.interval?.lower).toBeCloseTo(REF.boot_items_interval[0], 10);
    expect(ci?.alpha.interval?.upper).toBeCloseTo(REF.boot_items_interval[1], 10);
    expect(ci?.gwet_ac2.quadratic?.lower).toBeCloseTo(REF.boot_items_ac2q[0], 10);
    expect(ci?.gwet_ac2.quadratic?.upper).toBeCloseTo(REF.boot_items_ac2q[1], 10);
  });

  it('contains the point estimate of every coefficient on a reasonable data set', () => {
    const report = computeAgreementReport(clusteredRatings(), { domain: NINE, bootstrap: 500, seed: 1 });
    const pairs = [
      [report.alpha.ordinal, report.ci?.alpha.ordinal], [report.alpha.interval, report.ci?.alpha.interval],
      [report.alpha.nominal, report.ci?.alpha.nominal], [report.alpha_zones, report.ci?.alpha_zones],
      [report.fleiss_kappa, report.ci?.fleiss_kappa], [report.gwet_ac1, report.ci?.gwet_ac1],
      [report.gwet_ac2.quadratic, report.ci?.gwet_ac2.quadratic], [report.percent_agreement, report.ci?.percent_agreement],
    ] as const;
    for (const [point, interval] of pairs) {
      expect(interval!.lower).toBeLessThan(point!);
      expect(interval!.upper).toBeGreaterThan(point!);
    }
  });

  it('resamples options when all of them belong to one case', () => {
    const oneCase = clusteredRatings().filter((r) => r.cluster === 'Card001');
    expect(computeAgreementReport(oneCase, { bootstrap: 50 }).ci).toMatchObject({ resampled: 'items', units: 3 });
  });

  it('is off with bootstrap 0 and explained when there is nothing to resample', () => {
    const off = computeAgreementReport(clusteredRatings(), { bootstrap: 0 });
    expect(off.ci).toBeNull();
    expect(off.notes.ci).toBeUndefined();
    const single = computeAgreementReport([{ item: 'a', rater: 'x', value: 1 }, { item: 'a', rater: 'y', value: 4 }]);
    expect(single.ci).toBeNull();
    expect(single.notes.ci).toBe('fewer than two clusters or items to resample');
  });

  it('withholds an interval that is undefined in more than 5% of replicates, with a note', () => {
    // Only one of 20 cases varies: about a third of the resamples miss it and have no variation at all.
    const ratings = Array.from({ length: 20 }, (_, c) =>
      ['x', 'y', 'z'].map((rater, j) => ({ item: `o${c}`, rater, value: c === 0 ? 2 + 3 * j : 8, cluster: `c${c}` })),
    ).flat();
    const report = computeAgreementReport(ratings, { domain: NINE, bootstrap: 200, seed: 5 });
    expect(report.alpha.ordinal).not.toBeNull();
    expect(report.ci?.alpha.ordinal).toBeNull();
    expect(report.notes['ci.alpha.ordinal']).toMatch(/^undefined in \d+ of 200 bootstrap replicates$/);
    expect(report.ci?.gwet_ac1).not.toBeNull();
  });
});
