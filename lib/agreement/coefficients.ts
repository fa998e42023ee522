import { statsLayout, type StatsLayout } from './stats';
import type { Estimate } from './types';
import { weightTotal, type WeightSet } from './weights';
import { zoneIndex } from './zones';

/** The coefficients computed from one sufficient-statistics vector (see stats.ts), in output order. */
export const COEFFICIENTS = [
  'alphaNominal', 'alphaOrdinal', 'alphaInterval', 'alphaRatio', 'alphaZones',
  'fleissKappa', 'percentAgreement', 'gwetAc1', 'gwetAc2Linear', 'gwetAc2Quadratic',
] as const;
export type CoefficientName = (typeof COEFFICIENTS)[number];

/** Fixed parts of the formulas for one category domain, plus scratch space (so not shareable across threads). */
export type CoefficientContext = {
  layout: StatsLayout;
  delta: { nominal: Float64Array; interval: Float64Array; ratio: Float64Array; zones: Float64Array; ordinal: Float64Array };
  /** Gwet's chance-agreement factor T_w / (q (q - 1)) for each weighting. */
  gwetFactor: [number, number, number];
  marginals: Float64Array;
};

const EPSILON = 1e-12;

export function coefficientContext(values: readonly number[], weights: WeightSet): CoefficientContext {
  const q = values.length;
  const layout = statsLayout(q);
  const size = layout.pi;
  const delta = { nominal: new Float64Array(size), interval: new Float64Array(size), ratio: new Float64Array(size), zones: new Float64Array(size), ordinal: new Float64Array(size) };
  for (let c = 0; c < q; c++) {
    for (let k = c + 1; k < q; k++) {
      const t = layout.triOf[c * q + k];
      const [x, y] = [values[c], values[k]];
      delta.nominal[t] = 1;
      delta.interval[t] = (x - y) ** 2;
      delta.ratio[t] = x + y === 0 ? 0 : ((x - y) / (x + y)) ** 2;
      delta.zones[t] = zoneIndex(x) === zoneIndex(y) ? 0 : 1;
    }
  }
  const factor = (w: Float64Array) => (q < 2 ? NaN : weightTotal(w) / (q * (q - 1)));
  const gwetFactor: [number, number, number] = [factor(weights.unweighted), factor(weights.linear), factor(weights.quadratic)];
  return { layout, delta, gwetFactor, marginals: new Float64Array(q) };
}

/** Writes the coefficients in COEFFICIENTS order to out[offset..]; NaN marks an undefined value. */
export function evaluateCoefficients(ctx: CoefficientContext, v: Float64Array, out: Float64Array, offset = 0): void {
  const { layout, delta, marginals } = ctx;
  const { q, triOf } = layout;
  for (let c = 0; c < q; c++) {
    let sum = 0;
    for (let k = 0; k < q; k++) sum += v[triOf[c * q + k]];
    marginals[c] = sum;
  }
  // Ordinal metric (Krippendorff 2011): delta_ck = sum_{g=c..k} n_g - (n_c + n_k) / 2, from the marginals.
  for (let c = 0; c < q; c++) {
    let between = marginals[c];
    for (let k = c + 1; k < q; k++) {
      between += marginals[k];
      delta.ordinal[triOf[c * q + k]] = (between - (marginals[c] + marginals[k]) / 2) ** 2;
    }
  }
  out[offset] = alpha(layout, v, marginals, delta.nominal);
  out[offset + 1] = alpha(layout, v, marginals, delta.ordinal);
  out[offset + 2] = alpha(layout, v, marginals, delta.interval);
  out[offset + 3] = alpha(layout, v, marginals, delta.ratio);
  out[offset + 4] = alpha(layout, v, marginals, delta.zones);
  chanceCorrected(ctx, v, out, offset + 5);
}

/**
 * Ordinal alpha alone, for the per-rater bootstrap (two per rater and replicate). The marginals,
 * metric and sums of evaluateCoefficients in the same order, so the same bits, fused into one pass.
 * Reads only the coincidence triangle (the first q(q+1)/2 entries of `v`).
 */
export function ordinalAlpha(ctx: CoefficientContext, v: Float64Array): number {
  const { layout, marginals } = ctx;
  const { q, triOf } = layout;
  for (let c = 0; c < q; c++) {
    let sum = 0;
    for (let k = 0; k < q; k++) sum += v[triOf[c * q + k]];
    marginals[c] = sum;
  }
  let n = 0;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < q; c++) {
    const nc = marginals[c];
    n += nc;
    let between = nc;
    for (let k = c + 1; k < q; k++) {
      const nk = marginals[k];
      between += nk;
      const delta = (between - (nc + nk) / 2) ** 2;
      observed += v[triOf[c * q + k]] * delta;
      expected += nc * nk * delta;
    }
  }
  return expected > 0 ? 1 - ((n - 1) * observed) / expected : NaN;
}

/** Krippendorff's alpha = 1 - D_o / D_e, in coincidence form: 1 - (n - 1) sum o_ck d_ck / sum n_c n_k d_ck. */
function alpha(layout: StatsLayout, v: Float64Array, marginals: Float64Array, delta: Float64Array): number {
  const { q, triOf } = layout;
  let n = 0;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < q; c++) {
    n += marginals[c];
    for (let k = c + 1; k < q; k++) {
      const t = triOf[c * q + k];
      observed += v[t] * delta[t];
      expected += marginals[c] * marginals[k] * delta[t];
    }
  }
  return expected > 0 ? 1 - ((n - 1) * observed) / expected : NaN;
}

/**
 * Fleiss' kappa for any number of raters per item, percent agreement and Gwet's AC1/AC2, with
 * irrCAC's definitions (Gwet 2014, Handbook of Inter-Rater Reliability, ch. 2-4): pa is the mean
 * agreement over items with >= 2 ratings; pi_k is the mean of r_ik / r_i over all items.
 */
function chanceCorrected(ctx: CoefficientContext, v: Float64Array, out: Float64Array, at: number): void {
  const { layout, gwetFactor } = ctx;
  const items = v[layout.items];
  const pairable = v[layout.pairable];
  let sumSquares = 0;
  let sumVariance = 0;
  for (let k = 0; k < layout.q; k++) {
    const pi = items > 0 ? v[layout.pi + k] / items : 0;
    sumSquares += pi * pi;
    sumVariance += pi * (1 - pi);
  }
  const pa = (w: number) => (pairable > 0 ? v[layout.agreement + w] / pairable : NaN);
  const kappa = (agreement: number, chance: number) => (1 - chance > EPSILON ? (agreement - chance) / (1 - chance) : NaN);
  out[at] = kappa(pa(0), sumSquares);
  out[at + 1] = pa(0);
  out[at + 2] = kappa(pa(0), gwetFactor[0] * sumVariance);
  out[at + 3] = kappa(pa(1), gwetFactor[1] * sumVariance);
  out[at + 4] = kappa(pa(2), gwetFactor[2] * sumVariance);
}

/** Why a coefficient came out undefined for this vector. */
export function undefinedReason(ctx: CoefficientContext, v: Float64Array, name: CoefficientName): string {
  if (v[ctx.layout.items] === 0) return 'no ratings';
  if (v[ctx.layout.pairable] === 0) return 'no item has two or more ratings';
  if (name === 'alphaZones') return 'no variation: all pairable ratings fall in one zone';
  if (name.startsWith('alpha')) return 'no variation: all pairable ratings have the same value';
  if (name.startsWith('gwet') && ctx.layout.q < 2) return 'the domain has fewer than two categories';
  return 'chance agreement is 1: all ratings fall in one category';
}

/** Point estimates with reasons, from a vector. */
export function estimatesOf(ctx: CoefficientContext, v: Float64Array): Record<CoefficientName, Estimate> {
  const out = new Float64Array(COEFFICIENTS.length);
  evaluateCoefficients(ctx, v, out);
  const result = {} as Record<CoefficientName, Estimate>;
  COEFFICIENTS.forEach((name, i) => {
    result[name] = Number.isNaN(out[i]) ? { value: null, reason: undefinedReason(ctx, v, name) } : { value: out[i] };
  });
  return result;
}
