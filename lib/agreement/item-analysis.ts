import type { Zone } from './types';
import { toZone, zoneIndex } from './zones';

/**
 * One option's panel in RAND/UCLA terms (Fitch et al. 2001, The RAND/UCLA Appropriateness Method
 * User's Manual, ch. 7). Null statistics when the option has no rating yet.
 */
export type ItemAnalysis = {
  n: number;
  median: number | null;
  mean: number | null;
  p30: number | null;
  p70: number | null;
  /** Interpercentile range P70 - P30. */
  ipr: number | null;
  /** IPR adjusted for symmetry: 2.35 + 1.5 |5 - (P30 + P70) / 2|; a wider IPR than this is disagreement. */
  ipras: number | null;
  disagreement: boolean;
  /**
   * Which RAND/UCLA test found the disagreement: 'small-panel' (fewer than SMALL_PANEL ratings with
   * one in 1-3 and one in 7-9), 'ipr' (IPR > IPRAS), 'both', or null when there is none.
   */
  disagreementRule: 'small-panel' | 'ipr' | 'both' | null;
  zone: Zone | null;
  /** Every rating in one zone; needs at least two ratings (a single rating agrees with nobody). */
  unanimousZone: boolean;
};

/** Panels smaller than this also count "a rating in 1-3 and one in 7-9" as disagreement. */
export const SMALL_PANEL = 6;

/** Linear interpolation between closest ranks (R's quantile type 7, Excel PERCENTILE.INC) on sorted[0..n). */
export function percentileSorted(sorted: ArrayLike<number>, p: number, n = sorted.length): number {
  const h = (n - 1) * p;
  const low = Math.floor(h);
  if (low + 1 >= n) return sorted[n - 1];
  return sorted[low] + (h - low) * (sorted[low + 1] - sorted[low]);
}

/**
 * Rounds to 9 decimals: drops binary noise (3 x 0.7 gives P70 2.0999999999999996 for 2,2,2,3) so that
 * IPR and IPRAS compare exactly at the boundary; a 1-9 scale has nothing to say at that precision.
 */
function tidy(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

function sortedFinite(values: readonly number[]): Float64Array {
  return Float64Array.from(values.filter(Number.isFinite)).sort();
}

/** Median of the finite values; null when there are none. */
export function median(values: readonly number[]): number | null {
  const sorted = sortedFinite(values);
  return sorted.length === 0 ? null : percentileSorted(sorted, 0.5);
}

/** RAND/UCLA analysis of one option's scores on the 1-9 scale (non-finite values count as missing). */
export function analyzeItem(values: readonly number[]): ItemAnalysis {
  const sorted = sortedFinite(values);
  return analyzeSorted(sorted, sorted.length);
}

/** The same on scores already sorted ascending in sorted[0..n), so callers can reuse one buffer. */
export function analyzeSorted(sorted: ArrayLike<number>, n: number): ItemAnalysis {
  if (n === 0) {
    return { n, median: null, mean: null, p30: null, p70: null, ipr: null, ipras: null, disagreement: false, disagreementRule: null, zone: null, unanimousZone: false };
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  const median = tidy(percentileSorted(sorted, 0.5, n));
  const p30 = tidy(percentileSorted(sorted, 0.3, n));
  const p70 = tidy(percentileSorted(sorted, 0.7, n));
  const ipr = tidy(p70 - p30);
  const ipras = tidy(2.35 + 1.5 * Math.abs(5 - (p30 + p70) / 2));
  const splitAcrossExtremes = n < SMALL_PANEL && sorted[0] <= 3 && sorted[n - 1] >= 7;
  const wideRange = ipr > ipras;
  return {
    n,
    median,
    mean: tidy(sum / n),
    p30,
    p70,
    ipr,
    ipras,
    disagreement: wideRange || splitAcrossExtremes,
    disagreementRule: wideRange && splitAcrossExtremes ? 'both' : wideRange ? 'ipr' : splitAcrossExtremes ? 'small-panel' : null,
    zone: toZone(median),
    unanimousZone: n >= 2 && zoneIndex(sorted[0]) === zoneIndex(sorted[n - 1]),
  };
}
