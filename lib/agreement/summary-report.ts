import { cohenPairsOfTable } from './cohen';
import { encodeRatings } from './encode';
import { fleissByCategoryOfTable } from './fleiss-by-category';
import { DEFAULT_REPLICATES, DEFAULT_SEED, replicatesOf, type AgreementReport, type ReportOptions } from './report';
import { summarizeTable } from './summary';
import type { Rating } from './types';

/** The report without its per-option lines, keys in the report's order. */
export type SummaryReport = Omit<AgreementReport, 'per_item'>;

/**
 * computeAgreementReport without per_item, and without computing it: what `primum agreement` prints
 * unless asked for the per-option lines, which at 100x NOHARM (424,900 options) took a tenth of the
 * command's time and most of the memory the report holds. summary-report.test.ts holds it equal,
 * key order included, to computeAgreementReport minus per_item.
 */
export function computeSummaryReport(ratings: readonly Rating[], options: ReportOptions = {}): SummaryReport {
  const table = encodeRatings(ratings, options.domain);
  const summary = summarizeTable(table, { bootstrap: replicatesOf(options.bootstrap ?? DEFAULT_REPLICATES), seed: options.seed ?? DEFAULT_SEED });
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
