import { describe, expect, it } from 'vitest';
import { deviationFromCoRaters, fastRatings, straightLining } from '@/lib/quality/signals';

describe('options rated in under 2 s of active time', () => {
  it('sums the applied saves of each option, counts scored options under 2 s once, with the share of timed options', () => {
    const rows = [
      { userId: 'u1', optionId: 'o1', activeMs: 900, applied: true, score: 5 },
      { userId: 'u1', optionId: 'o1', activeMs: 400, applied: true, score: 6 }, // same option: 1.3 s in all
      { userId: 'u1', optionId: 'o2', activeMs: 1999, applied: true, score: 5 },
      { userId: 'u1', optionId: 'o3', activeMs: 2000, applied: true, score: 5 }, // 2.0 s: not fast
      { userId: 'u1', optionId: 'o4', activeMs: 0, applied: true, score: 5 }, // not measured
      { userId: 'u1', optionId: 'o5', activeMs: 100, applied: false, score: 5 }, // not applied
      { userId: 'u1', optionId: 'o6', activeMs: 100, applied: true, score: null }, // cleared, never scored
      { userId: 'u2', optionId: 'o1', activeMs: 5000, applied: true, score: 5 },
    ];
    const result = fastRatings(rows);
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ userId: 'u1', fast: 2, timed: 3 });
    expect(result[0].share).toBeCloseTo(2 / 3);
    expect(result[0].examples).toEqual([{ optionId: 'o1', activeMs: 1300 }, { optionId: 'o2', activeMs: 1999 }]);
  });

  it('does not flag a quick correction after a long think (40 s, then 1.2 s)', () => {
    const rows = [
      { userId: 'u1', optionId: 'o1', activeMs: 40_000, applied: true, score: 3 },
      { userId: 'u1', optionId: 'o1', activeMs: 1_200, applied: true, score: 4 },
    ];
    expect(fastRatings(rows)).toEqual([]);
  });
});

describe('distance from co-raters', () => {
  it('is the mean |score - median of the OTHER raters| per physician, flagged above the threshold and the 90th percentile', () => {
    const rows = [];
    // 12 options, 4 raters: a, b, c agree around 7; z always says 1.
    for (let i = 0; i < 12; i++) {
      rows.push({ optionId: `o${i}`, userId: 'a', score: 7 });
      rows.push({ optionId: `o${i}`, userId: 'b', score: i % 2 ? 8 : 7 });
      rows.push({ optionId: `o${i}`, userId: 'c', score: 7 });
      rows.push({ optionId: `o${i}`, userId: 'z', score: 1 });
    }
    const report = deviationFromCoRaters(rows);
    const z = report.raters.find((r) => r.userId === 'z')!;
    // others of z: {7, 7|8, 7} -> median 7 -> |1-7| = 6
    expect(z).toMatchObject({ mad: 6, n: 12, flagged: true });
    const a = report.raters.find((r) => r.userId === 'a')!;
    // others of a: {7, 7|8, 1} -> median 7 -> 0
    expect(a).toMatchObject({ mad: 0, flagged: false });
    const b = report.raters.find((r) => r.userId === 'b')!;
    expect(b.mad).toBeCloseTo(0.5);
    expect(report.raters[0].userId).toBe('z');
    expect(report.study?.physicians).toBe(4);
    expect(report.study?.median).toBeCloseTo(0.25);
  });

  it('counts options with one co-rater too, and does not flag below the minimum number of options', () => {
    const rows = [
      { optionId: 'x', userId: 'a', score: 1 },
      { optionId: 'x', userId: 'b', score: 9 }, // one other rater: counted (median of {9} = 9)
      { optionId: 'y', userId: 'a', score: 1 },
      { optionId: 'y', userId: 'b', score: 9 },
      { optionId: 'y', userId: 'c', score: 9 },
      { optionId: 'z', userId: 'a', score: 5 }, // nobody else: skipped
    ];
    const report = deviationFromCoRaters(rows);
    expect(report.minOthers).toBe(1);
    expect(report.raters.find((r) => r.userId === 'a')).toMatchObject({ mad: 8, n: 2, flagged: false });
    expect(report.study).toBeNull();
  });
});

describe('straight-lining', () => {
  it('flags a case where one score covers at least 80% of the options', () => {
    const result = straightLining([
      { caseId: 'c1', userId: 'u1', scores: [5, 5, 5, 5, 7] }, // 80%: flagged
      { caseId: 'c2', userId: 'u1', scores: [5, 5, 5, 7, 7] }, // 60%: not
      { caseId: 'c3', userId: 'u2', scores: [9, 9, 9, 9] }, // too few options
      { caseId: 'c4', userId: 'u2', scores: Array(10).fill(8) }, // 100%
    ]);
    expect(result.map((r) => [r.caseId, r.score, r.count, r.options])).toEqual([
      ['c4', 8, 10, 10],
      ['c1', 5, 4, 5],
    ]);
    expect(result[1].share).toBeCloseTo(0.8);
  });
});
