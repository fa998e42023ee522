import { describe, expect, it } from 'vitest';
import { distanceByRater, distanceFromCoRaters } from '@/lib/quality/co-raters';
import { deviationFromCoRaters } from '@/lib/quality/signals';

describe('distance from co-raters (one definition)', () => {
  it('averages |score - median of the other raters| and counts scores in the median\'s zone', () => {
    const result = distanceFromCoRaters([
      { mine: 9, others: [8, 9] }, // median 8.5: deviation 0.5, both appropriate
      { mine: 2, others: [7, 7] }, // deviation 5, harm vs appropriate
      { mine: 5, others: [4, 6, 9] }, // median 6: deviation 1, both uncertain
    ]);
    expect(result.n).toBe(3);
    expect(result.meanAbsoluteDeviation).toBeCloseTo(6.5 / 3, 10);
    expect(result.sameZoneShare).toBeCloseTo(2 / 3, 10);
  });

  it('skips options nobody else rated and reports nothing for no overlap', () => {
    expect(distanceFromCoRaters([{ mine: 5, others: [] }])).toEqual({ n: 0, meanAbsoluteDeviation: null, sameZoneShare: null });
    expect(distanceFromCoRaters([{ mine: 7, others: [] }, { mine: 1, others: [1] }])).toEqual({ n: 1, meanAbsoluteDeviation: 0, sameZoneShare: 1 });
  });

  it('gives the quality panel and the person page the same figure, options with ONE co-rater included', () => {
    // x: a and b only (one co-rater each); y: a, b, c.
    const rows = [
      { optionId: 'x', userId: 'a', score: 1 },
      { optionId: 'x', userId: 'b', score: 9 },
      { optionId: 'y', userId: 'a', score: 1 },
      { optionId: 'y', userId: 'b', score: 9 },
      { optionId: 'y', userId: 'c', score: 8 },
    ];
    // Person page for a: per option, a's score and the others' scores.
    const personPage = distanceFromCoRaters([{ mine: 1, others: [9] }, { mine: 1, others: [9, 8] }]);
    expect(personPage).toMatchObject({ n: 2, meanAbsoluteDeviation: (8 + 7.5) / 2 });
    expect(distanceByRater(rows).get('a')).toEqual(personPage);
    const panel = deviationFromCoRaters(rows).raters.find((r) => r.userId === 'a')!;
    expect(panel).toMatchObject({ n: personPage.n, mad: personPage.meanAbsoluteDeviation });
    // c has co-raters on y only.
    expect(distanceByRater(rows).get('c')).toMatchObject({ n: 1, meanAbsoluteDeviation: 3 });
  });
});
