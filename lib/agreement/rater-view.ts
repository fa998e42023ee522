import type { CohenPair } from './cohen';
import { COEFFICIENTS, coefficientContext, evaluateCoefficients } from './coefficients';
import { compareIds, type RatingTable } from './encode';
import { statsLayout } from './stats';
import { weightSet } from './weights';

/**
 * Each rater against the others, over the items they share (items the rater rated that have at least
 * one other rating):
 * - alpha_with / alpha_without: ordinal Krippendorff's alpha over those items with all ratings, and with
 *   this rater's ratings left out; alpha_change = with - without (negative: the panel agrees better
 *   without them). Items left with one rating drop out of "without" as unpairable.
 * - cohen_quadratic_mean: mean quadratic-weighted Cohen's kappa with each co-rater, weighted by the
 *   number of items the pair shares (pairs whose kappa is undefined are left out).
 * - mean_offset: mean over shared items of (own score - mean of the other scores): a systematic
 *   lenient (+) or severe (-) rater.
 * Null where undefined (no shared item, or no variation).
 */
export type RaterAgreement = {
  rater: string;
  items: number;
  co_raters: number;
  alpha_with: number | null;
  alpha_without: number | null;
  alpha_change: number | null;
  cohen_quadratic_mean: number | null;
  mean_score: number | null;
  mean_offset: number | null;
};

const ORDINAL = COEFFICIENTS.indexOf('alphaOrdinal');

export function raterAgreementOfTable(table: RatingTable, pairs: readonly CohenPair[]): RaterAgreement[] {
  const q = table.values.length;
  const { triOf, width } = statsLayout(q);
  const raters = table.raterIds.length;
  const { start, rater, category, values } = table;
  const withRater = new Float64Array(raters * width);
  const withoutRater = new Float64Array(raters * width);
  const shared = new Int32Array(raters);
  const offset = new Float64Array(raters);
  for (let it = 0; it < table.itemIds.length; it++) {
    const [from, to] = [start[it], start[it + 1]];
    const m = to - from;
    if (m < 2) continue;
    let sum = 0;
    for (let a = from; a < to; a++) sum += values[category[a]];
    for (let j = from; j < to; j++) {
      const r = rater[j];
      shared[r]++;
      offset[r] += values[category[j]] - (sum - values[category[j]]) / (m - 1);
      for (let a = from; a < to; a++) {
        for (let b = a + 1; b < to; b++) {
          const cell = triOf[category[a] * q + category[b]];
          const ordered = category[a] === category[b] ? 2 : 1;
          withRater[r * width + cell] += ordered / (m - 1);
          if (a !== j && b !== j && m > 2) withoutRater[r * width + cell] += ordered / (m - 2);
        }
      }
    }
  }
  const cohen = cohenByRater(pairs);
  const ctx = coefficientContext(values, weightSet(values));
  const out = new Float64Array(COEFFICIENTS.length);
  const alphaOf = (v: Float64Array, r: number) => {
    evaluateCoefficients(ctx, v.subarray(r * width, (r + 1) * width), out);
    return Number.isNaN(out[ORDINAL]) ? null : out[ORDINAL];
  };
  const totals = scoreTotals(table);
  return table.raterIds
    .map((id, r) => {
      const [alphaWith, alphaWithout] = [alphaOf(withRater, r), alphaOf(withoutRater, r)];
      const c = cohen.get(id);
      return {
        rater: id,
        items: shared[r],
        co_raters: c?.partners ?? 0,
        alpha_with: alphaWith,
        alpha_without: alphaWithout,
        alpha_change: alphaWith !== null && alphaWithout !== null ? alphaWith - alphaWithout : null,
        cohen_quadratic_mean: c && c.n > 0 ? c.sum / c.n : null,
        mean_score: totals.count[r] > 0 ? totals.sum[r] / totals.count[r] : null,
        mean_offset: shared[r] > 0 ? offset[r] / shared[r] : null,
      };
    })
    .sort((x, y) => compareIds(x.rater, y.rater));
}

function cohenByRater(pairs: readonly CohenPair[]) {
  const byRater = new Map<string, { partners: number; sum: number; n: number }>();
  for (const p of pairs) {
    for (const id of [p.a, p.b]) {
      const entry = byRater.get(id) ?? { partners: 0, sum: 0, n: 0 };
      entry.partners++;
      if (p.quadratic !== null) {
        entry.sum += p.n * p.quadratic;
        entry.n += p.n;
      }
      byRater.set(id, entry);
    }
  }
  return byRater;
}

function scoreTotals(table: RatingTable) {
  const sum = new Float64Array(table.raterIds.length);
  const count = new Int32Array(table.raterIds.length);
  for (let a = 0; a < table.rater.length; a++) {
    sum[table.rater[a]] += table.values[table.category[a]];
    count[table.rater[a]]++;
  }
  return { sum, count };
}
