import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KRIPPENDORFF_2011, columnsToRatings } from './reference-data';
import { computeAgreementReport, computeSummaryReport, type ReportOptions } from './report';
import type { Rating } from './types';

/** The same JSON text, so key order counts as well as every number. */
function expectSummaryOfFullReport(ratings: readonly Rating[], options: ReportOptions): void {
  const { per_item: _, ...summary } = computeAgreementReport(ratings, options);
  expect(JSON.stringify(computeSummaryReport(ratings, options))).toBe(JSON.stringify(summary));
}

const DOMAIN = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('computeSummaryReport', () => {
  it('is computeAgreementReport without per_item on the published Krippendorff (2011) data, empty input and one option', () => {
    expectSummaryOfFullReport(columnsToRatings(KRIPPENDORFF_2011), { bootstrap: 100 });
    expectSummaryOfFullReport([], { domain: DOMAIN });
    expectSummaryOfFullReport(['x', 'y', 'z'].map((rater) => ({ item: 'o1', rater, value: 8 })), { domain: DOMAIN, bootstrap: 50, seed: 4 });
  });

  it('is computeAgreementReport without per_item on generated ratings, with and without cases, values off the domain included', () => {
    const rating = fc.record({
      item: fc.constantFrom('o1', 'o2', 'o3', 'o4', 'o5', 'o6'),
      rater: fc.constantFrom('a', 'b', 'c', 'd'),
      value: fc.integer({ min: 0, max: 10 }),
      cluster: fc.option(fc.constantFrom('C1', 'C2', 'C3'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(rating, { maxLength: 30 }), fc.integer({ min: 0, max: 30 }), fc.nat(), (ratings, bootstrap, seed) => {
        const clean = ratings.map(({ cluster, ...r }) => (cluster ? { ...r, cluster } : r));
        expectSummaryOfFullReport(clean, { domain: DOMAIN, bootstrap, seed });
      }),
      { seed: 2_026_1130, numRuns: 100 },
    );
  });
});
