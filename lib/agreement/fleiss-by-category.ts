import { encodeRatings, type RatingTable } from './encode';
import type { DomainOptions, Estimate, Rating } from './types';

export type CategoryKappa = { category: number; kappa: Estimate };

/**
 * Fleiss' per-category kappa (Fleiss 1971, eq. 10): 1 - mean_i [r_ik (r_i - r_ik) / (r_i (r_i - 1))] / (pi_k (1 - pi_k)),
 * i.e. Fleiss' kappa of the ratings dichotomised into "k" and "not k". Generalised to varying panel
 * sizes the irrCAC way: the mean runs over items with >= 2 ratings, pi_k over all items.
 */
export function fleissByCategoryOfTable(table: RatingTable): CategoryKappa[] {
  const q = table.values.length;
  const { start, category } = table;
  const counts = new Int32Array(q);
  const share = new Float64Array(q);
  const disagreement = new Float64Array(q);
  let pairable = 0;
  const items = table.itemIds.length;
  for (let it = 0; it < items; it++) {
    const m = start[it + 1] - start[it];
    for (let a = start[it]; a < start[it + 1]; a++) counts[category[a]]++;
    for (let a = start[it]; a < start[it + 1]; a++) {
      const k = category[a];
      if (counts[k] === 0) continue; // already counted this category for this item
      share[k] += counts[k] / m;
      if (m >= 2) disagreement[k] += (counts[k] * (m - counts[k])) / (m * (m - 1));
      counts[k] = 0;
    }
    if (m >= 2) pairable++;
  }
  return table.values.map((value, k) => {
    const pi = items > 0 ? share[k] / items : 0;
    if (pairable === 0) return { category: value, kappa: { value: null, reason: 'no item has two or more ratings' } };
    if (pi === 0) return { category: value, kappa: { value: null, reason: 'category never used' } };
    if (pi * (1 - pi) <= 1e-12) return { category: value, kappa: { value: null, reason: 'every rating is in this category' } };
    return { category: value, kappa: { value: 1 - disagreement[k] / pairable / (pi * (1 - pi)) } };
  });
}

export function fleissKappaByCategory(ratings: readonly Rating[], options: DomainOptions = {}): CategoryKappa[] {
  return fleissByCategoryOfTable(encodeRatings(ratings, options.domain));
}
