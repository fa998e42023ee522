import { compareIds, type RatingTable } from '@/lib/agreement/encode';
import { fleissByCategoryOfTable } from '@/lib/agreement/fleiss-by-category';
import { DEFAULT_REPLICATES, DEFAULT_SEED, replicatesOf } from '@/lib/agreement/report';
import { summarizeTable } from '@/lib/agreement/summary';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import type { ReleaseAgreement, ReleaseAgreementOptions } from './agreement';

/**
 * A release's agreement figures (agreement.ts `releaseAgreement`) from compact arrays instead of
 * one object per rating: what the lock computes at 100x NOHARM scale (1.27 M ratings) without
 * holding a row object, an item key and a Rating per rating. The arrays must already be in the
 * canonical order of `releaseAgreement` (cases by id, options by id, ratings by rater pseudonym);
 * the tables are then coded exactly as `encodeRatings` codes those rows (items, raters and cases
 * numbered in order of first appearance), so both give the same figures to the last bit.
 */

export type CompactRatings = {
  /** Item (option) keys, `<case>#<option>`, in canonical order. */
  itemIds: string[];
  /** Per item: its case (the bootstrap's cluster), its specialty and its option category, as indices. */
  itemCase: Int32Array;
  itemSpecialty: Int32Array;
  itemCategory: Int32Array;
  specialties: string[];
  categories: string[];
  /** The ratings of item i sit at start[i] .. start[i + 1] - 1, raters in pseudonym order. */
  start: Int32Array;
  rater: Int32Array;
  score: Int32Array;
  /** Pseudonyms, indexed by `rater`. */
  raterIds: string[];
};

/** The ratings of the items `keep` accepts, coded as encodeRatings codes them (values: the 1-9 scale). */
function tableOf(data: CompactRatings, keep: (item: number) => boolean): RatingTable {
  const values: number[] = [...SCALE_DOMAIN].sort((a, b) => a - b);
  const rankOf = new Map(values.map((v, rank) => [v, rank]));
  const itemIds: string[] = [];
  const raterIds: string[] = [];
  const raterCode = new Int32Array(data.raterIds.length).fill(-1);
  const clusterCode = new Map<number, number>();
  const clusters: number[] = [];
  const starts: number[] = [0];
  let kept = 0;
  for (let it = 0; it < data.itemIds.length; it++) if (keep(it)) kept += data.start[it + 1] - data.start[it];
  const rater = new Int32Array(kept);
  const category = new Int32Array(kept);
  let at = 0;
  for (let it = 0; it < data.itemIds.length; it++) {
    if (!keep(it)) continue;
    itemIds.push(data.itemIds[it]);
    let cluster = clusterCode.get(data.itemCase[it]);
    if (cluster === undefined) clusterCode.set(data.itemCase[it], (cluster = clusterCode.size));
    clusters.push(cluster);
    for (let r = data.start[it]; r < data.start[it + 1]; r++) {
      const global = data.rater[r];
      if (raterCode[global] < 0) raterCode[global] = raterIds.push(data.raterIds[global]) - 1;
      const rank = rankOf.get(data.score[r]);
      if (rank === undefined) throw new Error(`rating ${data.score[r]} of ${data.itemIds[it]} is outside the scale`);
      rater[at] = raterCode[global];
      category[at++] = rank;
    }
    starts.push(at);
  }
  return { itemIds, raterIds, values, start: Int32Array.from(starts), rater, category, clusterOf: Int32Array.from(clusters), clusterCount: clusterCode.size };
}

export function releaseAgreementOfCompact(data: CompactRatings, options: ReleaseAgreementOptions = {}): ReleaseAgreement {
  const replicates = options.bootstrap ?? DEFAULT_REPLICATES;
  const seed = options.seed ?? DEFAULT_SEED;
  const figures = (table: RatingTable) => summarizeTable(table, { bootstrap: replicatesOf(replicates), seed });
  const overall = tableOf(data, () => true);
  // One group at a time: each group's table is dropped before the next is built.
  const groups = (names: string[], of: Int32Array) =>
    names
      .map((name, index) => ({ name, index }))
      .filter(({ index }) => of.includes(index))
      .sort((a, b) => compareIds(a.name, b.name))
      .map(({ name, index }) => ({ name, figures: figures(tableOf(data, (it) => of[it] === index)) }));
  return {
    scale: [...SCALE_DOMAIN],
    bootstrap: { replicates, seed, level: 0.95, resampled: 'cases' },
    overall: {
      ...figures(overall),
      fleiss_kappa_by_category: fleissByCategoryOfTable(overall).map(({ category, kappa }) => ({
        category,
        kappa: kappa.value,
        ...(kappa.reason ? { reason: kappa.reason } : {}),
      })),
    },
    by_specialty: groups(data.specialties, data.itemSpecialty).map(({ name, figures }) => ({ specialty: name, ...figures })),
    by_category: groups(data.categories, data.itemCategory).map(({ name, figures }) => ({ category: name, ...figures })),
  };
}
