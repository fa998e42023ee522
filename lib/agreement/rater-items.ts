import type { RatingTable } from './encode';

/**
 * Rater j's view of one item (its ratings at from..to, at least two): adds the item's ordered pairs to
 * `target` at `withBase` (the coincidence triangle with every rating) and at `withoutBase` (j's rating
 * left out; nothing when that leaves one rating), and returns j's score minus the others' mean. The
 * point estimates and the bootstrap's per-unit rows both call this, so they share one definition.
 */
export function addSharedItem(table: RatingTable, triOf: Int32Array, from: number, to: number, j: number, target: Float64Array, withBase: number, withoutBase: number): number {
  const { category, values } = table;
  const q = values.length;
  const m = to - from;
  let sum = 0;
  for (let a = from; a < to; a++) sum += values[category[a]];
  for (let a = from; a < to; a++) {
    for (let b = a + 1; b < to; b++) {
      const cell = triOf[category[a] * q + category[b]];
      // Each unordered pair is two ordered pairs: both on the diagonal, or one on each side.
      const ordered = category[a] === category[b] ? 2 : 1;
      target[withBase + cell] += ordered / (m - 1);
      if (a !== j && b !== j && m > 2) target[withoutBase + cell] += ordered / (m - 2);
    }
  }
  return values[category[j]] - (sum - values[category[j]]) / (m - 1);
}
