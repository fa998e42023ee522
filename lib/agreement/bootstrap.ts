import { COEFFICIENTS, evaluateCoefficients, type CoefficientContext } from './coefficients';
import { percentileSorted } from './item-analysis';
import { mulberry32 } from './prng';
import type { UnitStats } from './stats';
import type { Interval } from './types';

/**
 * Cluster bootstrap (Davison & Hinkley 1997, sec. 3.8): each replicate draws as many units (cases)
 * as there are, with replacement, and recomputes every coefficient from the summed unit vectors.
 * Returns replicates x COEFFICIENTS values, row-major; NaN where a coefficient is undefined.
 */
export function bootstrapReplicates(stats: UnitStats, ctx: CoefficientContext, replicates: number, seed: number): Float64Array {
  const { rows, rowCount, rowOf, layout } = stats;
  const width = layout.width;
  const units = rowOf.length;
  const k = COEFFICIENTS.length;
  const out = new Float64Array(replicates * k);
  const draws = new Int32Array(rowCount);
  const sum = new Float64Array(width);
  const random = mulberry32(seed);
  for (let b = 0; b < replicates; b++) {
    draws.fill(0);
    for (let i = 0; i < units; i++) draws[rowOf[(random() * units) | 0]]++;
    sum.fill(0);
    for (let r = 0; r < rowCount; r++) {
      const times = draws[r];
      if (times === 0) continue;
      // Unrolled by four: V8 does not vectorise, and this loop is most of the bootstrap's time.
      let from = r * width;
      let d = 0;
      for (; d + 3 < width; d += 4, from += 4) {
        sum[d] += times * rows[from];
        sum[d + 1] += times * rows[from + 1];
        sum[d + 2] += times * rows[from + 2];
        sum[d + 3] += times * rows[from + 3];
      }
      for (; d < width; d++, from++) sum[d] += times * rows[from];
    }
    evaluateCoefficients(ctx, sum, out, b * k);
  }
  return out;
}

export type IntervalResult = { interval: Interval | null; reason?: string };

/**
 * Percentile intervals per coefficient (per column of `replicates`: `columns` values per replicate,
 * COEFFICIENTS by default). Replicates where a coefficient is undefined (a resample with no
 * variation) are left out; when they are more than 1 - level of all (5% at 95%), an undefined resample
 * is likelier than a tail, so the interval is withheld rather than reported from a biased subset.
 */
export function percentileIntervals(replicates: Float64Array, count: number, level: number, columns: number = COEFFICIENTS.length): IntervalResult[] {
  return Array.from({ length: columns }, (_, j) => {
    const values: number[] = [];
    for (let b = 0; b < count; b++) {
      const x = replicates[b * columns + j];
      if (!Number.isNaN(x)) values.push(x);
    }
    if (values.length < Math.ceil(count * level - 1e-9)) return { interval: null, reason: `undefined in ${count - values.length} of ${count} bootstrap replicates` };
    const sorted = Float64Array.from(values).sort();
    const tail = (1 - level) / 2;
    return { interval: { lower: percentileSorted(sorted, tail), upper: percentileSorted(sorted, 1 - tail) } };
  });
}
