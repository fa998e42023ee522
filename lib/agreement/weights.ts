import type { WeightKind } from './types';

/**
 * Agreement weight matrix (row-major q x q) over the category values, as in irrCAC:
 * linear 1 - |k - l| / (max - min), quadratic 1 - (k - l)^2 / (max - min)^2. The weights span the
 * whole declared domain, not only the values observed, so a 1-vs-9 split always counts as maximal.
 */
export function weightMatrix(values: readonly number[], kind: WeightKind): Float64Array {
  const q = values.length;
  const w = new Float64Array(q * q);
  const range = q > 0 ? values[q - 1] - values[0] : 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      if (k === l) w[k * q + l] = 1;
      else if (kind === 'unweighted' || range === 0) w[k * q + l] = 0;
      else if (kind === 'linear') w[k * q + l] = 1 - Math.abs(values[k] - values[l]) / range;
      else w[k * q + l] = 1 - ((values[k] - values[l]) / range) ** 2;
    }
  }
  return w;
}

export type WeightSet = Record<WeightKind, Float64Array>;

export const WEIGHT_KINDS: readonly WeightKind[] = ['unweighted', 'linear', 'quadratic'];

export function weightSet(values: readonly number[]): WeightSet {
  return {
    unweighted: weightMatrix(values, 'unweighted'),
    linear: weightMatrix(values, 'linear'),
    quadratic: weightMatrix(values, 'quadratic'),
  };
}

/** T_w in Gwet's chance agreement: the sum of all weights. */
export function weightTotal(w: Float64Array): number {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i];
  return total;
}
