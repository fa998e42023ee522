import { cohenPairsOfTable, type CohenPair } from './cohen';
import { encodeRatings, type RatingTable } from './encode';
import { fleissByCategoryOfTable } from './fleiss-by-category';
import { analyzeSorted } from './item-analysis';
import { summarizeTable, type AgreementSummary } from './summary';
import type { DomainOptions, Rating, Zone } from './types';

/** One option's RAND/UCLA line in the report (see item-analysis.ts for the definitions). */
export type ItemReport = {
  item: string;
  n: number;
  median: number | null;
  mean: number | null;
  p30: number | null;
  p70: number | null;
  ipr: number | null;
  ipras: number | null;
  disagreement: boolean;
  /** 'small-panel' (a rating in 1-3 and one in 7-9, fewer than 6 ratings), 'ipr' (IPR > IPRAS), 'both', or null. */
  disagreement_rule: 'small-panel' | 'ipr' | 'both' | null;
  zone: Zone | null;
  unanimous_zone: boolean;
};

/** Exactly the JSON object `primum agreement` prints. Coefficients are null where undefined (reason in `notes`). */
export type AgreementReport = Omit<AgreementSummary, 'ci' | 'notes'> & {
  /** The categories used: the declared domain plus any value observed outside it. */
  domain: number[];
  fleiss_kappa_by_category: Array<{ category: number; kappa: number | null; reason?: string }>;
  cohen_kappa: CohenPair[];
  ci: AgreementSummary['ci'];
  per_item: ItemReport[];
  notes: AgreementSummary['notes'];
};

export type ReportOptions = DomainOptions & { bootstrap?: number; seed?: number };

export const DEFAULT_REPLICATES = 1000;
export const DEFAULT_SEED = 1;

/** The report without its per-option lines, keys in the report's order. */
export type SummaryReport = Omit<AgreementReport, 'per_item'>;

function summaryOfTable(table: RatingTable, options: ReportOptions): SummaryReport {
  const bootstrap = replicatesOf(options.bootstrap ?? DEFAULT_REPLICATES);
  const summary = summarizeTable(table, { bootstrap, seed: options.seed ?? DEFAULT_SEED });
  const { items, raters, ratings: count, alpha, alpha_zones, fleiss_kappa, percent_agreement, gwet_ac1, gwet_ac2, ci, notes } = summary;
  return {
    items,
    raters,
    ratings: count,
    domain: table.values,
    alpha,
    alpha_zones,
    fleiss_kappa,
    fleiss_kappa_by_category: fleissByCategoryOfTable(table).map(({ category, kappa }) => ({ category, kappa: kappa.value, ...(kappa.reason ? { reason: kappa.reason } : {}) })),
    percent_agreement,
    gwet_ac1,
    gwet_ac2,
    cohen_kappa: cohenPairsOfTable(table),
    ci,
    notes,
  };
}

/**
 * Every coefficient over all ratings, pairwise Cohen's kappa, per-option RAND/UCLA lines and, unless
 * `bootstrap` is 0, percentile 95% intervals from `bootstrap` (default 1000) case resamples drawn
 * with `seed` (default 1). `domain` fixes the categories (Primum: 1..9); else the observed values.
 */
export function computeAgreementReport(ratings: readonly Rating[], options: ReportOptions = {}): AgreementReport {
  const table = encodeRatings(ratings, options.domain);
  const { notes, ...summary } = summaryOfTable(table, options);
  return { ...summary, per_item: itemReports(table), notes };
}

/**
 * The same report without its per-option lines, and without computing them: what `primum agreement`
 * prints unless asked for them (at 100x NOHARM, 424,900 options, they took a tenth of the command's
 * time and most of the memory the report holds).
 */
export function computeSummaryReport(ratings: readonly Rating[], options: ReportOptions = {}): SummaryReport {
  return summaryOfTable(encodeRatings(ratings, options.domain), options);
}

/** A usable replicate count: non-negative integer, anything else disables the bootstrap. */
export function replicatesOf(requested: number): number {
  return Number.isFinite(requested) && requested > 0 ? Math.floor(requested) : 0;
}

/** Per-option analysis in input order, sorting each panel in one reused buffer (panels are tiny). */
export function itemReports(table: RatingTable): ItemReport[] {
  const { start, category, values, itemIds } = table;
  let buffer = new Float64Array(16);
  return itemIds.map((item, it) => {
    const n = start[it + 1] - start[it];
    if (n > buffer.length) buffer = new Float64Array(n * 2);
    for (let a = 0; a < n; a++) {
      const x = values[category[start[it] + a]];
      let at = a;
      // Insertion sort for the usual 3-rater panel; large panels fall back to a typed-array sort.
      for (; n <= 16 && at > 0 && buffer[at - 1] > x; at--) buffer[at] = buffer[at - 1];
      buffer[at] = x;
    }
    if (n > 16) buffer.subarray(0, n).sort();
    const r = analyzeSorted(buffer, n);
    return { item, n, median: r.median, mean: r.mean, p30: r.p30, p70: r.p70, ipr: r.ipr, ipras: r.ipras, disagreement: r.disagreement, disagreement_rule: r.disagreementRule, zone: r.zone, unanimous_zone: r.unanimousZone };
  });
}
