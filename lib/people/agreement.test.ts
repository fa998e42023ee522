import { describe, expect, it } from 'vitest';
import { agreementWithCoRaters } from '@/lib/people/agreement';

describe('agreement with co-raters', () => {
  it('averages |score - median of the other raters| and counts scores in the median\'s zone', () => {
    const result = agreementWithCoRaters([
      { mine: 9, others: [8, 9] }, // median 8.5: deviation 0.5, both appropriate
      { mine: 2, others: [7, 7] }, // deviation 5, harm vs appropriate
      { mine: 5, others: [4, 6, 9] }, // median 6: deviation 1, both uncertain
    ]);
    expect(result.n).toBe(3);
    expect(result.meanAbsoluteDeviation).toBeCloseTo(6.5 / 3, 10);
    expect(result.sameZoneShare).toBeCloseTo(2 / 3, 10);
  });

  it('skips options nobody else rated and reports nothing for no overlap', () => {
    expect(agreementWithCoRaters([{ mine: 5, others: [] }])).toEqual({ n: 0, meanAbsoluteDeviation: null, sameZoneShare: null });
    expect(agreementWithCoRaters([{ mine: 7, others: [] }, { mine: 1, others: [1] }])).toEqual({ n: 1, meanAbsoluteDeviation: 0, sameZoneShare: 1 });
  });
});
