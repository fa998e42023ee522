import { createStringIndex } from './string-index';
import type { Rating } from './types';

/**
 * Ratings coded as integers and grouped by item (compressed rows: the ratings of item i sit at
 * positions start[i] .. start[i + 1] - 1), so every coefficient is a pass over typed arrays.
 */
export type RatingTable = {
  itemIds: string[];
  raterIds: string[];
  /** Category values, ascending; `category` holds indices into this. */
  values: number[];
  start: Int32Array;
  rater: Int32Array;
  category: Int32Array;
  /** Cluster (case) index of each item; items without a cluster key get one of their own. */
  clusterOf: Int32Array;
  clusterCount: number;
};

const collator = new Intl.Collator('en', { numeric: true });

/** Display order of item and rater ids: natural ("r2" before "r10"), ties broken by code units. */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Codes ratings. Non-finite values count as missing and are skipped. Values outside `domain` are
 * added to it rather than rejected (validation belongs to the caller, see parse-ratings.ts).
 * If a rater rated an item twice, the later rating wins. An item keeps its first cluster key.
 */
export function encodeRatings(ratings: readonly Rating[], domain: readonly number[] = []): RatingTable {
  const n = ratings.length;
  const itemOf = new Int32Array(n);
  const raterOf = new Int32Array(n);
  const codeOf = new Int32Array(n);
  const items = createStringIndex(Math.ceil(n / 3));
  const raters = createStringIndex(64);
  const codes = createValueCodes(domain);
  const clusterKeys: (string | undefined)[] = [];

  let kept = 0;
  let lastItem: string | undefined;
  let lastItemIndex = -1;
  for (let i = 0; i < n; i++) {
    const r = ratings[i];
    if (!Number.isFinite(r.value)) continue;
    // Input usually arrives grouped by item: skip the map look-up for runs of the same item.
    if (r.item !== lastItem) {
      lastItem = r.item;
      lastItemIndex = items.idOf(r.item);
      if (lastItemIndex === clusterKeys.length) clusterKeys.push(undefined);
    }
    if (clusterKeys[lastItemIndex] === undefined && r.cluster) clusterKeys[lastItemIndex] = r.cluster;
    itemOf[kept] = lastItemIndex;
    raterOf[kept] = raters.idOf(r.rater);
    codeOf[kept] = codes.codeOf(r.value);
    kept++;
  }

  const values = codes.values;
  const order = values.map((_, c) => c).sort((a, b) => values[a] - values[b]);
  const rankOfCode = new Int32Array(order.length);
  order.forEach((code, rank) => (rankOfCode[code] = rank));
  const { clusterOf, clusterCount } = codeClusters(clusterKeys);
  const grouped = groupByItem(items.keys.length, kept, itemOf, raterOf, codeOf, rankOfCode);
  return { itemIds: items.keys, raterIds: raters.keys, values: order.map((c) => values[c]), ...grouped, clusterOf, clusterCount };
}

/** Codes for score values; small integers (every real scale) skip the Map through a lookup table. */
function createValueCodes(domain: readonly number[]) {
  const OFFSET = 512;
  const small = new Int32Array(2 * OFFSET).fill(-1);
  const other = new Map<number, number>();
  const values: number[] = [];
  const codeOf = (v: number) => {
    const slot = v + OFFSET;
    if (Number.isInteger(v) && slot >= 0 && slot < small.length) {
      if (small[slot] < 0) small[slot] = values.push(v) - 1;
      return small[slot];
    }
    let code = other.get(v);
    if (code === undefined) other.set(v, (code = values.push(v) - 1));
    return code;
  };
  for (const v of domain) if (Number.isFinite(v)) codeOf(v);
  return { values, codeOf };
}

function codeClusters(keys: (string | undefined)[]) {
  const clusterOf = new Int32Array(keys.length);
  const index = new Map<string, number>();
  let count = 0;
  let lastKey: string | undefined;
  let last = -1;
  for (let it = 0; it < keys.length; it++) {
    const key = keys[it];
    if (key === undefined) clusterOf[it] = count++;
    else if (key === lastKey) clusterOf[it] = last;
    else {
      let c = index.get(key);
      if (c === undefined) index.set(key, (c = count++));
      clusterOf[it] = last = c;
      lastKey = key;
    }
  }
  return { clusterOf, clusterCount: count };
}

/** Stable counting sort by item, then drops earlier duplicates of the same (item, rater). */
function groupByItem(items: number, kept: number, itemOf: Int32Array, raterOf: Int32Array, codeOf: Int32Array, rankOfCode: Int32Array) {
  const start = new Int32Array(items + 1);
  for (let i = 0; i < kept; i++) start[itemOf[i] + 1]++;
  for (let it = 0; it < items; it++) start[it + 1] += start[it];
  const next = start.slice(0, items);
  const rater = new Int32Array(kept);
  const category = new Int32Array(kept);
  for (let i = 0; i < kept; i++) {
    const at = next[itemOf[i]]++;
    rater[at] = raterOf[i];
    category[at] = rankOfCode[codeOf[i]];
  }
  let duplicates = 0;
  for (let it = 0; it < items; it++) {
    for (let a = start[it]; a < start[it + 1]; a++) {
      for (let b = a + 1; b < start[it + 1]; b++) {
        if (rater[a] === rater[b]) {
          category[a] = -1;
          duplicates++;
          break;
        }
      }
    }
  }
  if (duplicates === 0) return { start, rater, category };
  const compactStart = new Int32Array(items + 1);
  const compactRater = new Int32Array(kept - duplicates);
  const compactCategory = new Int32Array(kept - duplicates);
  let w = 0;
  for (let it = 0; it < items; it++) {
    for (let a = start[it]; a < start[it + 1]; a++) {
      if (category[a] < 0) continue;
      compactRater[w] = rater[a];
      compactCategory[w++] = category[a];
    }
    compactStart[it + 1] = w;
  }
  return { start: compactStart, rater: compactRater, category: compactCategory };
}
