import { percentileIntervals, type IntervalResult } from './bootstrap';
import { ordinalAlpha, type CoefficientContext } from './coefficients';
import type { RatingTable } from './encode';
import { mulberry32 } from './prng';
import { addSharedItem } from './rater-items';

/** The per-rater figures that get an interval, in the column order of the replicates. */
export const RATER_CI_FIELDS = ['alpha_with', 'alpha_without', 'alpha_change', 'cohen_quadratic_mean', 'mean_offset'] as const;
export type RaterCiField = (typeof RATER_CI_FIELDS)[number];

export type RaterBootstrap = {
  /** 'clusters' normally; 'items' when the rater's shared items all sit in one cluster. */
  resampled: 'clusters' | 'items';
  /** Units the rater's replicates draw from; below 2 there is no interval (`results` is null). */
  units: number;
  results: IntervalResult[] | null;
};

const FIELDS = RATER_CI_FIELDS.length;
/** Per (unit, co-rater) sums for quadratic kappa: n, sum x, sum x^2, sum y, sum y^2, sum (x - y)^2. */
const PAIR = 6;
const EPSILON = 1e-12;

/**
 * Percentile intervals for each rater's figures (indexed like table.raterIds). A rater's bootstrap
 * resamples the clusters (cases) among their shared items, as many as there are, with replacement;
 * every figure of a replicate comes from the same draws, so alpha_change is the per-replicate
 * difference (paired), not a difference of intervals. Like a group in summary.ts: units are the
 * rater's clusters in first-appearance order (items in input order when they share a single
 * cluster), and every rater's draws start from `seed`, so a rater's interval does not depend on
 * which other raters happen to be in the data.
 */
export function raterBootstrap(table: RatingTable, ctx: CoefficientContext, replicates: number, seed: number, level: number): RaterBootstrap[] {
  const units = buildRaterUnits(table, ctx.layout.triOf);
  const range = table.values.length > 1 ? table.values[table.values.length - 1] - table.values[0] : 0;
  const raters = table.raterIds.length;
  const most = (bounds: Int32Array) => Array.from({ length: raters }, (_, r) => bounds[r + 1] - bounds[r]).reduce((x, y) => Math.max(x, y), 0);
  const scratch: Scratch = {
    draws: new Int32Array(most(units.first)),
    acc: new Float64Array(units.stride),
    pairs: new Float64Array(PAIR * most(units.partnerFirst)),
    out: new Float64Array(replicates * FIELDS),
  };
  return table.raterIds.map((_, r): RaterBootstrap => {
    const count = units.first[r + 1] - units.first[r];
    const resampled = units.byItem[r] ? 'items' : 'clusters';
    if (count < 2) return { resampled, units: count, results: null };
    replicateRater(units, r, ctx, range * range, replicates, seed, scratch);
    return { resampled, units: count, results: percentileIntervals(scratch.out, replicates, level, FIELDS) };
  });
}

type RaterUnits = ReturnType<typeof buildRaterUnits>;
type Scratch = { draws: Int32Array; acc: Float64Array; pairs: Float64Array; out: Float64Array };

/** Fills scratch.out with rater r's replicates, FIELDS values each (NaN where undefined). */
function replicateRater(u: RaterUnits, r: number, ctx: CoefficientContext, chanceScale: number, replicates: number, seed: number, scratch: Scratch): void {
  const { tri, cellFrom, cellIndex, cellValue, entryFrom, entryPartner, entryStats } = u;
  const { draws, acc, pairs, out } = scratch;
  const slot0 = u.first[r];
  const units = u.first[r + 1] - slot0;
  const partners = u.partnerFirst[r + 1] - u.partnerFirst[r];
  const withSum = acc.subarray(0, tri);
  const withoutSum = acc.subarray(tri, 2 * tri);
  const random = mulberry32(seed);
  for (let b = 0; b < replicates; b++) {
    draws.fill(0, 0, units);
    for (let i = 0; i < units; i++) draws[(random() * units) | 0]++;

    // Each drawn unit adds its non-zero sums (about half of the 2 q(q+1)/2 + 2 on NOHARM-like data)
    // and its co-rater kappa sums, times the number of draws.
    acc.fill(0);
    pairs.fill(0, 0, partners * PAIR);
    for (let s = 0; s < units; s++) {
      const times = draws[s];
      if (times === 0) continue;
      const slot = slot0 + s;
      const cellEnd = cellFrom[slot + 1];
      for (let c = cellFrom[slot]; c < cellEnd; c++) acc[cellIndex[c]] += times * cellValue[c];
      for (let e = entryFrom[slot]; e < entryFrom[slot + 1]; e++) {
        const to = entryPartner[e] * PAIR;
        const from = e * PAIR;
        for (let k = 0; k < PAIR; k++) pairs[to + k] += times * entryStats[from + k];
      }
    }
    let weighted = 0;
    let weight = 0;
    for (let p = 0; p < partners; p++) {
      const kappa = quadraticKappa(pairs, p * PAIR, chanceScale);
      if (Number.isNaN(kappa)) continue;
      weighted += pairs[p * PAIR] * kappa;
      weight += pairs[p * PAIR];
    }

    const at = b * FIELDS;
    const alphaWith = ordinalAlpha(ctx, withSum);
    const alphaWithout = ordinalAlpha(ctx, withoutSum);
    out[at] = alphaWith;
    out[at + 1] = alphaWithout;
    out[at + 2] = alphaWith - alphaWithout;
    out[at + 3] = weight > 0 ? weighted / weight : NaN;
    out[at + 4] = acc[2 * tri] / acc[2 * tri + 1];
  }
}

/**
 * Quadratic-weighted Cohen's kappa from moments. With w_kl = 1 - (x_k - x_l)^2 / range^2, p_o and
 * p_e of cohen.ts reduce to kappa = 1 - n sum (x - y)^2 / (n sum x^2 + n sum y^2 - 2 sum x sum y),
 * so six sums per (unit, co-rater) replace a q x q table. Undefined, as in kappaOfCounts, when
 * 1 - p_e = E / (range^2 n^2) is not above 1e-12.
 */
function quadraticKappa(v: Float64Array, at: number, chanceScale: number): number {
  const n = v[at];
  if (n === 0 || chanceScale === 0) return NaN;
  const expected = n * v[at + 2] + n * v[at + 4] - 2 * v[at + 1] * v[at + 3];
  if (!(expected / (chanceScale * n * n) > EPSILON)) return NaN;
  return 1 - (n * v[at + 5]) / expected;
}

/**
 * Per-rater resampling units with their sums, built in one pass over the shared items so replicates
 * never revisit ratings. Slots (rater, unit) are numbered rater by rater, units ascending (cluster
 * index = first appearance in the input; item index when the rater falls back to items). A slot holds
 * the "with" and "without" coincidence triangles, the offset sum and the shared-item count, stored
 * sparse (index, value), and its quadratic-kappa sums per co-rater; both in slot order.
 */
function buildRaterUnits(table: RatingTable, triOf: Int32Array) {
  const { start, rater, category, values, clusterOf, clusterCount } = table;
  const raters = table.raterIds.length;
  const items = table.itemIds.length;
  const q = values.length;
  const tri = (q * (q + 1)) / 2;
  const stride = 2 * tri + 2;
  const pairable = (it: number) => start[it + 1] - start[it] >= 2;

  // Which raters have a single cluster among their shared items (they resample items instead).
  const seen = new Set<number>();
  const clusters = new Int32Array(raters);
  const shared = new Int32Array(raters);
  for (let it = 0; it < items; it++) {
    if (!pairable(it)) continue;
    for (let j = start[it]; j < start[it + 1]; j++) {
      const key = rater[j] * clusterCount + clusterOf[it];
      shared[rater[j]]++;
      if (!seen.has(key)) {
        seen.add(key);
        clusters[rater[j]]++;
      }
    }
  }
  const byItem = Uint8Array.from(clusters, (c, r) => (c < 2 && shared[r] >= 2 ? 1 : 0));

  // Slot keys rater * (clusters + items) + unit, the unit being a cluster, or clusterCount + item.
  const span = clusterCount + items;
  const keyOf = (j: number, it: number) => rater[j] * span + (byItem[rater[j]] ? clusterCount + it : clusterOf[it]);
  const keys: number[] = [];
  for (let it = 0; it < items; it++) if (pairable(it)) for (let j = start[it]; j < start[it + 1]; j++) keys.push(keyOf(j, it));
  const sorted = Float64Array.from(keys).sort();
  const slotOf = new Map<number, number>();
  const first = new Int32Array(raters + 1);
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) continue;
    slotOf.set(sorted[i], slotOf.size);
    first[Math.floor(sorted[i] / span) + 1]++;
  }
  for (let r = 0; r < raters; r++) first[r + 1] += first[r];
  const slots = slotOf.size;

  // Cluster by cluster: a slot is complete when its cluster ends, so only that cluster's slots are
  // dense at any time (memory follows the non-zero sums, not slots x stride).
  const cells = { slot: [] as number[], index: [] as number[], value: [] as number[] };
  const entries = { slot: [] as number[], partner: [] as number[], stats: [] as number[] };
  const dense = new Map<number, Float64Array>();
  const spare: Float64Array[] = [];
  const pairOf = new Map<number, number>();
  const flush = () => {
    for (const [slot, row] of dense) {
      for (let d = 0; d < stride; d++) {
        if (row[d] === 0) continue;
        cells.slot.push(slot);
        cells.index.push(d);
        cells.value.push(row[d]);
      }
      spare.push(row.fill(0));
    }
    dense.clear();
    for (const [key, at] of pairOf) {
      const slot = Math.floor(key / raters);
      entries.slot.push(slot);
      entries.partner.push(key - slot * raters);
      entries.stats.push(...pairSums.subarray(at * PAIR, at * PAIR + PAIR));
    }
    pairOf.clear();
  };
  let pairSums: Float64Array = new Float64Array(64 * PAIR);
  const byCluster = itemsByCluster(clusterOf, clusterCount);
  for (let c = 0; c < clusterCount; c++) {
    for (let i = byCluster.start[c]; i < byCluster.start[c + 1]; i++) {
      const it = byCluster.items[i];
      const [from, to] = [start[it], start[it + 1]];
      if (to - from < 2) continue;
      for (let j = from; j < to; j++) {
        const slot = slotOf.get(keyOf(j, it))!;
        let row = dense.get(slot);
        if (!row) dense.set(slot, (row = spare.pop() ?? new Float64Array(stride)));
        row[2 * tri] += addSharedItem(table, triOf, from, to, j, row, 0, tri);
        row[2 * tri + 1] += 1;
        const x = values[category[j]];
        for (let o = from; o < to; o++) {
          if (o === j) continue;
          const pairKey = slot * raters + rater[o];
          let at = pairOf.get(pairKey);
          if (at === undefined) {
            pairOf.set(pairKey, (at = pairOf.size));
            if (pairOf.size * PAIR > pairSums.length) pairSums = grow(pairSums);
            pairSums.fill(0, at * PAIR, at * PAIR + PAIR);
          }
          const y = values[category[o]];
          const base = at * PAIR;
          pairSums[base] += 1;
          pairSums[base + 1] += x;
          pairSums[base + 2] += x * x;
          pairSums[base + 3] += y;
          pairSums[base + 4] += y * y;
          pairSums[base + 5] += (x - y) * (x - y);
        }
      }
    }
    flush();
  }

  // Into slot order (counting sort), so a slot's cells and entries are contiguous.
  const cellOrder = slotOrder(cells.slot, slots);
  const cellIndex = Int32Array.from(cellOrder.order, (k) => cells.index[k]);
  const cellValue = Float64Array.from(cellOrder.order, (k) => cells.value[k]);
  const entryOrder = slotOrder(entries.slot, slots);
  const entryStats = new Float64Array(entryOrder.order.length * PAIR);
  entryOrder.order.forEach((k, e) => entryStats.set(entries.stats.slice(k * PAIR, k * PAIR + PAIR), e * PAIR));

  // Co-raters numbered per rater, so a replicate's kappa sums need only that rater's co-raters.
  const entryPartner = new Int32Array(entryOrder.order.length);
  const partnerFirst = new Int32Array(raters + 1);
  const localOf = new Int32Array(raters).fill(-1);
  for (let r = 0; r < raters; r++) {
    const [from, to] = [entryOrder.from[first[r]], entryOrder.from[first[r + 1]]];
    let count = 0;
    for (let e = from; e < to; e++) {
      const partner = entries.partner[entryOrder.order[e]];
      if (localOf[partner] < 0) localOf[partner] = count++;
      entryPartner[e] = localOf[partner];
    }
    for (let e = from; e < to; e++) localOf[entries.partner[entryOrder.order[e]]] = -1;
    partnerFirst[r + 1] = partnerFirst[r] + count;
  }
  return { tri, stride, first, byItem, cellFrom: cellOrder.from, cellIndex, cellValue, entryFrom: entryOrder.from, entryPartner, entryStats, partnerFirst };
}

function itemsByCluster(clusterOf: Int32Array, clusterCount: number) {
  const start = new Int32Array(clusterCount + 1);
  for (let it = 0; it < clusterOf.length; it++) start[clusterOf[it] + 1]++;
  for (let c = 0; c < clusterCount; c++) start[c + 1] += start[c];
  const next = start.slice(0, clusterCount);
  const items = new Int32Array(clusterOf.length);
  for (let it = 0; it < clusterOf.length; it++) items[next[clusterOf[it]]++] = it;
  return { start, items };
}

/** Stable counting sort of positions by slot: `order` lists positions, slot s owning order[from[s]..from[s + 1]). */
function slotOrder(slotOfPosition: readonly number[], slots: number) {
  const from = new Int32Array(slots + 1);
  for (const s of slotOfPosition) from[s + 1]++;
  for (let s = 0; s < slots; s++) from[s + 1] += from[s];
  const next = from.slice(0, slots);
  const order = new Int32Array(slotOfPosition.length);
  slotOfPosition.forEach((s, k) => (order[next[s]++] = k));
  return { from, order };
}

function grow(array: Float64Array): Float64Array {
  const grown = new Float64Array(array.length * 2);
  grown.set(array);
  return grown;
}
