import { cohenKappaMatrix, computeAgreementReport, computeBreakdowns, type BreakdownRow, type Breakdowns, type GroupSummary } from '../agreement';
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

/** Pure: the same rows and options always give the same snapshot (seeded bootstrap). */
export function computeSnapshot(rows: readonly SnapshotRow[], options: SnapshotOptions): AgreementSnapshot {
  const ratings: BreakdownRow[] = rows.map((r) => ({
    item: r.option,
    rater: r.rater,
    value: r.score,
    cluster: r.case,
    groups: { specialty: r.specialty, case: r.case, category: r.category },
  }));
  const report = computeAgreementReport(ratings, options);
  const breakdowns: Breakdowns = computeBreakdowns(ratings, { ...options, dimensions: [...BREAKDOWN_DIMENSIONS] });
  const distribution = options.domain.map((value) => rows.filter((r) => r.score === value).length);
  const scoresOf = new Map<string, number[]>();
  for (const r of rows) scoresOf.set(r.option, [...(scoresOf.get(r.option) ?? []), r.score]);
  const { items, raters, ratings: count, alpha, alpha_zones, fleiss_kappa, percent_agreement, gwet_ac1, gwet_ac2, ci, notes } = report;
  return {
    overall: { items, raters, ratings: count, alpha, alpha_zones, fleiss_kappa, percent_agreement, gwet_ac1, gwet_ac2, ci, notes },
    byDimension: {
      specialty: breakdowns.dimensions.specialty ?? [],
      case: breakdowns.dimensions.case ?? [],
      category: breakdowns.dimensions.category ?? [],
    },
    raters: breakdowns.raters,
    matrix: cohenKappaMatrix(report.cohen_kappa, 'quadratic'),
    distribution,
    disagreements: report.per_item.filter((i) => i.disagreement).map((i) => ({ ...i, scores: [...(scoresOf.get(i.item) ?? [])].sort((a, b) => a - b) })),
  };
}
