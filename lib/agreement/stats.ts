import type { RatingTable } from './encode';
import type { WeightSet } from './weights';

/**
 * Sufficient statistics: every coefficient of the report is a function of one vector of sums over
 * items. A bootstrap replicate is then a weighted sum of per-cluster vectors, never a pass over the
 * ratings. Layout of a vector for q categories:
 * - coincidence matrix of Krippendorff's alpha, upper triangle (o_ck = o_kc): q(q+1)/2 entries;
 * - pi sums: sum over items of r_ik / r_i (irrCAC's classification probabilities): q entries;
 * - number of items, number of items with >= 2 ratings;
 * - sums over items with >= 2 ratings of irrCAC's agreement sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)),
 *   unweighted, linear and quadratic.
 */
export type StatsLayout = { q: number; triOf: Int32Array; pi: number; items: number; pairable: number; agreement: number; width: number };

export function statsLayout(q: number): StatsLayout {
  const triOf = new Int32Array(q * q);
  let t = 0;
  for (let c = 0; c < q; c++) for (let k = c; k < q; k++) triOf[c * q + k] = triOf[k * q + c] = t++;
  return { q, triOf, pi: t, items: t + q, pairable: t + q + 1, agreement: t + q + 2, width: t + q + 5 };
}

/**
 * Per-unit vectors. Units are clusters, or items when the bootstrap resamples items. Single-item units
 * with the same multiset of categories have identical vectors, so they share a row (rowOf) and the
 * bootstrap sums over distinct rows only; `multiplicity` counts the units behind each row.
 */
export type UnitStats = { layout: StatsLayout; rows: Float64Array; rowCount: number; rowOf: Int32Array; multiplicity: Float64Array; total: Float64Array };

export function buildUnitStats(table: RatingTable, weights: WeightSet, unitOf: Int32Array, unitCount: number): UnitStats {
  const layout = statsLayout(table.values.length);
  const { q, width } = layout;
  const { start, category } = table;
  const itemCount = table.itemIds.length;
  const unitSize = new Int32Array(unitCount);
  for (let it = 0; it < itemCount; it++) unitSize[unitOf[it]]++;
  const rowOf = new Int32Array(unitCount).fill(-1);
  const rowOfSignature = new Map<number | string, number>();
  let rows = new Float64Array(Math.max(1, Math.min(unitCount, 1024)) * width);
  let rowCount = 0;
  const scratch: number[] = [];
  for (let it = 0; it < itemCount; it++) {
    const u = unitOf[it];
    let row = rowOf[u];
    if (row < 0) {
      if (unitSize[u] === 1) {
        const key = signature(category, start[it], start[it + 1], q, scratch);
        const shared = rowOfSignature.get(key);
        if (shared !== undefined) {
          rowOf[u] = shared;
          continue;
        }
        rowOfSignature.set(key, rowCount);
      }
      row = rowOf[u] = rowCount++;
      if (rowCount * width > rows.length) {
        const grown = new Float64Array(rows.length * 2);
        grown.set(rows);
        rows = grown;
      }
    }
    addItem(rows, row * width, layout, weights, category, start[it], start[it + 1]);
  }
  const multiplicity = new Float64Array(rowCount);
  for (let u = 0; u < unitCount; u++) if (rowOf[u] >= 0) multiplicity[rowOf[u]]++;
  const total = new Float64Array(width);
  for (let r = 0; r < rowCount; r++) for (let d = 0; d < width; d++) total[d] += multiplicity[r] * rows[r * width + d];
  return { layout, rows: rows.subarray(0, rowCount * width), rowCount, rowOf, multiplicity, total };
}

function addItem(v: Float64Array, base: number, layout: StatsLayout, weights: WeightSet, category: Int32Array, from: number, to: number) {
  const m = to - from;
  const { q, triOf } = layout;
  for (let a = from; a < to; a++) v[base + layout.pi + category[a]] += 1 / m;
  v[base + layout.items] += 1;
  if (m < 2) return;
  v[base + layout.pairable] += 1;
  const share = 1 / (m - 1);
  const linear = weights.linear;
  const quadratic = weights.quadratic;
  let same = 0;
  let sumLinear = 0;
  let sumQuadratic = 0;
  for (let a = from; a < to; a++) {
    const ca = category[a];
    for (let b = a + 1; b < to; b++) {
      const cell = ca * q + category[b];
      // Each unordered pair is two ordered pairs: both land on the diagonal, or one on each side.
      v[base + triOf[cell]] += ca === category[b] ? 2 * share : share;
      if (ca === category[b]) same++;
      sumLinear += linear[cell];
      sumQuadratic += quadratic[cell];
    }
  }
  const norm = 2 / (m * (m - 1));
  v[base + layout.agreement] += same * norm;
  v[base + layout.agreement + 1] += sumLinear * norm;
  v[base + layout.agreement + 2] += sumQuadratic * norm;
}

/** Sorted categories of one item as a map key: a number when it fits in 52 bits, else a string. */
function signature(category: Int32Array, from: number, to: number, q: number, scratch: number[]): number | string {
  const m = to - from;
  scratch.length = 0;
  for (let a = from; a < to; a++) {
    // Insertion sort: panels are small (usually 3), where Array#sort costs more than the work.
    const c = category[a];
    let at = scratch.length;
    scratch.push(c);
    for (; at > 0 && scratch[at - 1] > c; at--) scratch[at] = scratch[at - 1];
    scratch[at] = c;
  }
  if (Math.log2(m + 1) + m * Math.log2(q + 1) >= 52) return scratch.join(',');
  let key = m;
  for (const c of scratch) key = key * (q + 1) + c + 1;
  return key;
}
