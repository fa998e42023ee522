import { createHash } from 'node:crypto';
import { cohenKappaMatrix, computeAgreementReport, computeBreakdowns, summarizeRatings, type BreakdownRow, type Breakdowns, type GroupSummary } from '../agreement';
import type { AgreementSummary, ItemReport, RaterAgreement } from '../agreement';

/** One rating as the agreement view needs it (ids only: names are joined in on the server). */
export type SnapshotRow = { option: string; rater: string; score: number; case: string; specialty: string; category: string };

export const BREAKDOWN_DIMENSIONS = ['specialty', 'case', 'category'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** Everything the coordinator's agreement view shows, computed from the ratings alone. */
export type AgreementSnapshot = {
  overall: Omit<AgreementSummary, 'notes'> & { notes: Record<string, string> };
  byDimension: Record<BreakdownDimension, GroupSummary[]>;
  raters: RaterAgreement[];
  /** Quadratic-weighted Cohen's kappa for every pair of raters who share options. */
  matrix: { raters: string[]; values: (number | null)[][] };
  /** How many ratings gave each score 1..9. */
  distribution: number[];
  /** Options in RAND/UCLA disagreement, with their scores. */
  disagreements: Array<ItemReport & { scores: number[] }>;
};

export type SnapshotOptions = { domain: readonly number[]; bootstrap: number; seed: number };

/**
 * Group summaries by content. A group's summary depends only on its own ratings (the categories are
 * the fixed domain, the seed is per group), so a rating change only recomputes the groups it is in:
 * one case, one specialty, one option category, instead of all 115 at NOHARM scale.
 */
export type GroupCache = Map<string, GroupSummary>;

const collator = new Intl.Collator('en', { numeric: true });
// The statistics module's natural order (Card2 before Card10), ties broken by code point.
const naturalOrder = (a: string, b: string) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

function fingerprint(dimension: string, value: string, rows: readonly BreakdownRow[], options: SnapshotOptions): string {
  const hash = createHash('sha1').update(`${dimension}\u0000${value}\u0000${options.bootstrap}:${options.seed}:${options.domain.join(',')}`);
  for (const r of rows) hash.update(`\u0000${r.item}\u0001${r.rater}\u0001${r.value}\u0001${r.cluster}`);
  return hash.digest('hex');
}

function groupSummaries(ratings: readonly BreakdownRow[], dimension: BreakdownDimension, options: SnapshotOptions, previous: GroupCache | undefined, next: GroupCache): GroupSummary[] {
  const groups = new Map<string, BreakdownRow[]>();
  for (const row of ratings) {
    const value = row.groups[dimension];
    const members = groups.get(value);
    if (members) members.push(row);
    else groups.set(value, [row]);
  }
  return [...groups.keys()].sort(naturalOrder).map((value) => {
    const members = groups.get(value)!;
    const key = fingerprint(dimension, value, members, options);
    const summary = previous?.get(key) ?? { value, ...summarizeRatings(members, options) };
    next.set(key, summary);
    return summary;
  });
}

/**
 * The same rows and options always give the same snapshot (seeded bootstrap). `cache` (optional)
 * carries group summaries from one call to the next: it is updated in place to hold exactly the
 * groups of this call, so a long-lived caller (the worker thread) recomputes only changed groups.
 */
export function computeSnapshot(rows: readonly SnapshotRow[], options: SnapshotOptions, cache?: GroupCache): AgreementSnapshot {
  const ratings: BreakdownRow[] = rows.map((r) => ({
    item: r.option,
    rater: r.rater,
    value: r.score,
    cluster: r.case,
    groups: { specialty: r.specialty, case: r.case, category: r.category },
  }));
  const report = computeAgreementReport(ratings, options);
  const nextCache: GroupCache = new Map();
  const byDimension = Object.fromEntries(BREAKDOWN_DIMENSIONS.map((d) => [d, groupSummaries(ratings, d, options, cache, nextCache)])) as Record<BreakdownDimension, GroupSummary[]>;
  const breakdowns: Breakdowns = computeBreakdowns(ratings, { ...options, dimensions: [] });
  if (cache) {
    cache.clear();
    for (const [key, summary] of nextCache) cache.set(key, summary);
  }
  const distribution = options.domain.map((value) => rows.filter((r) => r.score === value).length);
  const scoresOf = new Map<string, number[]>();
  for (const r of rows) scoresOf.set(r.option, [...(scoresOf.get(r.option) ?? []), r.score]);
  const { items, raters, ratings: count, alpha, alpha_zones, fleiss_kappa, percent_agreement, gwet_ac1, gwet_ac2, ci, notes } = report;
  return {
    overall: { items, raters, ratings: count, alpha, alpha_zones, fleiss_kappa, percent_agreement, gwet_ac1, gwet_ac2, ci, notes },
    byDimension,
    raters: breakdowns.raters,
    matrix: cohenKappaMatrix(report.cohen_kappa, 'quadratic'),
    distribution,
    disagreements: report.per_item.filter((i) => i.disagreement).map((i) => ({ ...i, scores: [...(scoresOf.get(i.item) ?? [])].sort((a, b) => a - b) })),
  };
}
