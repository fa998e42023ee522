import { createStringIndex } from './string-index';
import type { Rating } from './types';

/** A problem in an input file, at a 1-based line. */
export type LineProblem = { line: number; message: string };

/**
 * The first (lowest-line) rating that repeats an earlier (item, rater) or puts its item in another case
 * than the item's first case. Grouping by item first keeps this linear: a Map keyed by item and rater
 * cost more than all the rest of parsing on a million ratings.
 */
export function findConflict(ratings: readonly Rating[], lineOf: ArrayLike<number>): LineProblem | null {
  const n = ratings.length;
  const items = createStringIndex(Math.ceil(n / 3));
  const raters = createStringIndex(64);
  const itemOf = new Int32Array(n);
  const raterOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    itemOf[i] = i > 0 && ratings[i].item === ratings[i - 1].item ? itemOf[i - 1] : items.idOf(ratings[i].item);
    raterOf[i] = raters.idOf(ratings[i].rater);
  }
  // Stable counting sort by item: each group stays in line order.
  const start = new Int32Array(items.keys.length + 1);
  for (let i = 0; i < n; i++) start[itemOf[i] + 1]++;
  for (let it = 0; it < items.keys.length; it++) start[it + 1] += start[it];
  const next = start.slice(0, items.keys.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[itemOf[i]]++] = i;

  let first: LineProblem | null = null;
  const report = (line: number, message: () => string) => {
    if (!first || line < first.line) first = { line, message: message() };
  };
  for (let it = 0; it < items.keys.length; it++) {
    let caseAt = -1;
    for (let a = start[it]; a < start[it + 1]; a++) {
      const i = order[a];
      const { item, rater, cluster } = ratings[i];
      for (let b = start[it]; b < a; b++) {
        if (raterOf[order[b]] !== raterOf[i]) continue;
        report(lineOf[i], () => `duplicate rating of item "${item}" by rater "${rater}" (first on line ${lineOf[order[b]]})`);
        break;
      }
      if (cluster === undefined) continue;
      if (caseAt < 0) caseAt = i;
      else if (ratings[caseAt].cluster !== cluster) report(lineOf[i], () => `item "${item}" is in case "${ratings[caseAt].cluster}" on line ${lineOf[caseAt]}, not "${cluster}"`);
    }
  }
  return first;
}
