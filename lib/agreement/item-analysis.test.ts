import { describe, expect, it } from 'vitest';
import { analyzeItem, median, percentileSorted } from './item-analysis';
import { toZone } from './zones';

describe('RAND/UCLA item analysis', () => {
  it('reproduces the published 15-rater panel: P30 7, P70 8, IPR 1.0, IPRAS 6.1, no disagreement', () => {
    const panel = [...Array(8).fill(7), ...Array(7).fill(8)];
    const result = analyzeItem(panel);
    expect(result).toMatchObject({ n: 15, median: 7, p30: 7, p70: 8, ipr: 1, disagreement: false, zone: 'appropriate', unanimousZone: true });
    expect(result.ipras).toBeCloseTo(6.1, 12);
  });

  it('interpolates between closest ranks (type 7) and prints clean decimals', () => {
    expect(analyzeItem([2, 2, 2, 3])).toMatchObject({ p30: 2, p70: 2.1, ipr: 0.1, median: 2, mean: 2.25 });
    expect(analyzeItem([3, 1, 2])).toMatchObject({ p30: 1.6, p70: 2.4, median: 2 });
    expect(percentileSorted([10, 20], 0.25)).toBe(12.5);
  });

  it('flags a small panel with a rating in 1-3 and one in 7-9, even when the IPR is narrow', () => {
    const split = analyzeItem([2, 8, 8]);
    expect(split.ipr! > split.ipras!).toBe(false);
    expect(split).toMatchObject({ disagreement: true, disagreementRule: 'small-panel', zone: 'appropriate', unanimousZone: false });
    expect(analyzeItem([3, 6, 7]).disagreement).toBe(true);
    expect(analyzeItem([4, 6, 7]).disagreement).toBe(false);
  });

  it('uses only the IPR test for panels of 6 or more', () => {
    // P30 = 8.5, P70 = 9, IPR 0.5 < IPRAS 7.1: one dissenting 1 does not make disagreement.
    expect(analyzeItem([1, 9, 9, 9, 9, 9]).disagreement).toBe(false);
    // 1 1 1 9 9 9: P30 1, P70 9, IPR 8 > IPRAS 2.35.
    expect(analyzeItem([1, 1, 1, 9, 9, 9])).toMatchObject({ ipr: 8, ipras: 2.35, disagreement: true, disagreementRule: 'ipr', zone: 'uncertain' });
    expect(analyzeItem([1, 9, 9, 9, 9, 9]).disagreementRule).toBeNull();
  });

  it('names both tests when a small panel fails both, and never calls one rating or split zones agreement', () => {
    // 1 1 9 9: P30 1, P70 9, IPR 8 > IPRAS 2.35, and a 1 beside a 9 in a panel of four.
    expect(analyzeItem([1, 1, 9, 9])).toMatchObject({ disagreement: true, disagreementRule: 'both' });
    expect(analyzeItem([8, 4])).toMatchObject({ disagreement: false, disagreementRule: null, unanimousZone: false });
    expect(analyzeItem([8, 7])).toMatchObject({ unanimousZone: true });
  });

  it('handles empty and single ratings, ignoring non-finite values', () => {
    expect(analyzeItem([])).toEqual({ n: 0, median: null, mean: null, p30: null, p70: null, ipr: null, ipras: null, disagreement: false, disagreementRule: null, zone: null, unanimousZone: false });
    expect(analyzeItem([Number.NaN, 4])).toMatchObject({ n: 1, median: 4, ipr: 0, zone: 'uncertain', unanimousZone: false });
    expect(median([])).toBeNull();
    expect(median([9, 1, 4, 6])).toBe(5);
  });

  it('maps scores and between-zone medians to zones', () => {
    expect([1, 3, 3.5, 4, 6, 6.5, 7, 9].map(toZone)).toEqual(['harm', 'harm', 'uncertain', 'uncertain', 'uncertain', 'uncertain', 'appropriate', 'appropriate']);
  });
});
