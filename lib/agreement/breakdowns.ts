import { cohenPairsOfTable } from './cohen';
import { compareIds, encodeRatings } from './encode';
import { raterAgreementOfTable, type RaterAgreement } from './rater-view';
import { replicatesOf } from './report';
import { summarizeTable, type AgreementSummary } from './summary';
import type { DomainOptions, Rating } from './types';

/** A rating with the groups it belongs to, e.g. { specialty: 'Card', case: 'Card001', category: 'Medication' }. */
export type BreakdownRow = Rating & { groups: Record<string, string> };

export type BreakdownOptions = DomainOptions & {
  /** Bootstrap replicates per group and per rater; 0 (the default) skips the intervals. */
  bootstrap?: number;
  seed?: number;
  /** Group keys to break down by; by default every key seen in `groups`. */
  dimensions?: string[];
};

export type GroupSummary = { value: string } & AgreementSummary;

export type Breakdowns = {
  /** Per dimension, one summary per group value (natural order). */
  dimensions: Record<string, GroupSummary[]>;
  /** Each rater against the others (definitions in rater-view.ts). */
  raters: RaterAgreement[];
};

/**
 * Agreement per specialty, case, option category (any group key) and per rater. All groups use the
 * same categories (the declared domain, else every value observed in `rows`) so AC1/AC2 compare.
 * A group inside one case resamples its options, since it has a single cluster.
 */
export function computeBreakdowns(rows: readonly BreakdownRow[], options: BreakdownOptions = {}): Breakdowns {
  const all = encodeRatings(rows, options.domain);
  const bootstrap = replicatesOf(options.bootstrap ?? 0);
  const seed = options.seed ?? 1;
  const dimensions: Record<string, GroupSummary[]> = {};
  for (const dimension of options.dimensions ?? dimensionsOf(rows)) {
    const groups = new Map<string, BreakdownRow[]>();
    for (const row of rows) {
      const value = row.groups[dimension];
      if (value === undefined) continue;
      const members = groups.get(value);
      if (members) members.push(row);
      else groups.set(value, [row]);
    }
    dimensions[dimension] = [...groups.keys()].sort(compareIds).map((value) => ({
      value,
      ...summarizeRatings(groups.get(value)!, { domain: all.values, bootstrap, seed }),
    }));
  }
  return { dimensions, raters: raterAgreementOfTable(all, cohenPairsOfTable(all), { bootstrap, seed }) };
}

/**
 * The pooled coefficients (and intervals when `bootstrap` > 0) of one set of ratings: what
 * computeBreakdowns gives each group, for callers that compute groups one at a time (and cache them).
 * Pass the same `domain` to every group so that their AC1/AC2 compare.
 */
export function summarizeRatings(ratings: readonly Rating[], options: DomainOptions & { bootstrap?: number; seed?: number } = {}): AgreementSummary {
  return summarizeTable(encodeRatings(ratings, options.domain), { bootstrap: replicatesOf(options.bootstrap ?? 0), seed: options.seed ?? 1 });
}

function dimensionsOf(rows: readonly BreakdownRow[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.groups)) keys.add(key);
  return [...keys];
}
