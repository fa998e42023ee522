import { compareIds, encodeRatings, type RatingTable } from './encode';
import type { DomainOptions, Estimate, Rating, WeightKind } from './types';
import { WEIGHT_KINDS, weightMatrix, weightSet, type WeightSet } from './weights';

/** Cohen's kappa of one rater pair over the items both rated; `a` sorts before `b`. */
export type CohenPair = { a: string; b: string; n: number } & Record<WeightKind, number | null>;

const EPSILON = 1e-12;

/**
 * Weighted kappa (Cohen 1968) of a q x q contingency table at `offset`:
 * (p_o - p_e) / (1 - p_e), p_o = sum w_kl p_kl, p_e = sum w_kl p_k. p_.l. NaN when undefined.
 */
export function kappaOfCounts(counts: ArrayLike<number>, offset: number, q: number, w: Float64Array): number {
  const rows = new Float64Array(q);
  const cols = new Float64Array(q);
  let n = 0;
  let observed = 0;
  for (let k = 0; k < q; k++) {
    for (let l = 0; l < q; l++) {
      const t = counts[offset + k * q + l];
      rows[k] += t;
      cols[l] += t;
      n += t;
      observed += w[k * q + l] * t;
    }
  }
  if (n === 0) return NaN;
  let chance = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < q; l++) chance += w[k * q + l] * rows[k] * cols[l];
  chance /= n * n;
  return 1 - chance > EPSILON ? (observed / n - chance) / (1 - chance) : NaN;
}

/** Kappa from a contingency table (rows rater 1, columns rater 2) over the category `values`. */
export function cohenKappa(table: number[][], values: readonly number[], weights: WeightKind = 'unweighted'): Estimate {
  const q = values.length;
  if (table.length !== q || table.some((row) => row.length !== q)) return { value: null, reason: `table is not ${q} x ${q}` };
  const kappa = kappaOfCounts(table.flat(), 0, q, weightMatrix(values, weights));
  return Number.isNaN(kappa) ? { value: null, reason: 'no ratings, or chance agreement is 1' } : { value: kappa };
}

/** Contingency tables of every rater pair that shares at least one item (pairs that never meet are not listed). */
function pairTables(table: RatingTable) {
  const q = table.values.length;
  const cells = q * q;
  const raterCount = table.raterIds.length;
  const { start, rater, category } = table;
  const index = new Map<number, number>();
  const first: number[] = [];
  const second: number[] = [];
  let counts = new Int32Array(64 * cells);
  for (let it = 0; it < table.itemIds.length; it++) {
    for (let x = start[it]; x < start[it + 1]; x++) {
      for (let y = x + 1; y < start[it + 1]; y++) {
        const swap = rater[x] > rater[y];
        const a = swap ? rater[y] : rater[x];
        const b = swap ? rater[x] : rater[y];
        const cell = swap ? category[y] * q + category[x] : category[x] * q + category[y];
        let p = index.get(a * raterCount + b);
        if (p === undefined) {
          p = first.push(a) - 1;
          second.push(b);
          index.set(a * raterCount + b, p);
          if ((p + 1) * cells > counts.length) {
            const grown = new Int32Array(counts.length * 2);
            grown.set(counts);
            counts = grown;
          }
        }
        counts[p * cells + cell]++;
      }
    }
  }
  return { first, second, counts, cells };
}

/** Unweighted, linear and quadratic Cohen's kappa for every rater pair, weights over the table's domain. */
export function cohenPairsOfTable(table: RatingTable, weights: WeightSet = weightSet(table.values)): CohenPair[] {
  const q = table.values.length;
  const { first, second, counts, cells } = pairTables(table);
  const rank = new Int32Array(table.raterIds.length);
  table.raterIds.map((id, i) => [id, i] as const).sort((x, y) => compareIds(x[0], y[0])).forEach(([, i], r) => (rank[i] = r));
  const pairs = first.map((a, p) => {
    const [x, y] = rank[a] < rank[second[p]] ? [a, second[p]] : [second[p], a];
    let n = 0;
    for (let c = 0; c < cells; c++) n += counts[p * cells + c];
    const pair = { a: table.raterIds[x], b: table.raterIds[y], n } as CohenPair;
    for (const kind of WEIGHT_KINDS) {
      const kappa = kappaOfCounts(counts, p * cells, q, weights[kind]);
      pair[kind] = Number.isNaN(kappa) ? null : kappa;
    }
    return { pair, order: [rank[x], rank[y]] };
  });
  pairs.sort((u, v) => u.order[0] - v.order[0] || u.order[1] - v.order[1]);
  return pairs.map((p) => p.pair);
}

export function cohenKappaPairs(ratings: readonly Rating[], options: DomainOptions = {}): CohenPair[] {
  return cohenPairsOfTable(encodeRatings(ratings, options.domain));
}

/** The rater x rater matrix for one weighting (symmetric; null on the diagonal and for pairs that never met). */
export function cohenKappaMatrix(pairs: readonly CohenPair[], weights: WeightKind = 'quadratic'): { raters: string[]; values: (number | null)[][] } {
  const raters = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort(compareIds);
  const at = new Map(raters.map((r, i) => [r, i]));
  const values = raters.map(() => raters.map((): number | null => null));
  for (const p of pairs) values[at.get(p.a)!][at.get(p.b)!] = values[at.get(p.b)!][at.get(p.a)!] = p[weights];
  return { raters, values };
}
