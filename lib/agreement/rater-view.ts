import type { CohenPair } from './cohen';
import { coefficientContext, ordinalAlpha } from './coefficients';
import { compareIds, type RatingTable } from './encode';
import { raterBootstrap, RATER_CI_FIELDS, type RaterBootstrap, type RaterCiField } from './rater-bootstrap';
import { addSharedItem } from './rater-items';
import { statsLayout } from './stats';
import { CI_LEVEL, type BootstrapOptions } from './summary';
import type { Interval } from './types';
import { weightSet } from './weights';

/** Percentile intervals of a rater's figures (definitions in rater-bootstrap.ts), with how they were drawn. */
export type RaterCi = {
  level: number;
  replicates: number;
  seed: number;
  /** 'clusters' normally; 'items' when the rater's shared items all belong to one cluster (case). */
  resampled: 'clusters' | 'items';
  units: number;
} & Record<RaterCiField, Interval | null>;

/**
 * Each rater against the others, over the items they share (items the rater rated that have at least
 * one other rating):
 * - alpha_with / alpha_without: ordinal Krippendorff's alpha over those items with all ratings, and with
 *   this rater's ratings left out; alpha_change = with - without (negative: the panel agrees better
 *   without them). Items left with one rating drop out of "without" as unpairable.
 * - cohen_quadratic_mean: mean quadratic-weighted Cohen's kappa with each co-rater, weighted by the
 *   number of items the pair shares (pairs whose kappa is undefined are left out).
 * - mean_offset: mean over shared items of (own score - mean of the other scores): a systematic
 *   lenient (+) or severe (-) rater.
 * Null where undefined (no shared item, or no variation).
 * - ci: 95% percentile cluster-bootstrap intervals of those figures when a bootstrap was asked for;
 *   null without one, or with fewer than two clusters or items to resample (see `notes`). An interval
 *   is null where its figure is, or (noted) where it is undefined in over 5% of the replicates.
 */
export type RaterAgreement = {
  rater: string;
  items: number;
  co_raters: number;
  alpha_with: number | null;
  alpha_without: number | null;
  alpha_change: number | null;
  cohen_quadratic_mean: number | null;
  mean_score: number | null;
  mean_offset: number | null;
  ci: RaterCi | null;
  /** Why an interval is null, keyed by its path ("ci", "ci.alpha_with"), as in AgreementSummary.notes. */
  notes: Record<string, string>;
};

const NO_BOOTSTRAP: BootstrapOptions = { bootstrap: 0, seed: 1 };

export function raterAgreementOfTable(table: RatingTable, pairs: readonly CohenPair[], options: BootstrapOptions = NO_BOOTSTRAP): RaterAgreement[] {
  const q = table.values.length;
  const { triOf } = statsLayout(q);
  const tri = (q * (q + 1)) / 2;
  const raters = table.raterIds.length;
  const { start, rater } = table;
  // Both triangles of a rater side by side: "with" at r * 2 tri, "without" right after.
  const triangles = new Float64Array(raters * 2 * tri);
  const shared = new Int32Array(raters);
  const offset = new Float64Array(raters);
  for (let it = 0; it < table.itemIds.length; it++) {
    const [from, to] = [start[it], start[it + 1]];
    if (to - from < 2) continue;
    for (let j = from; j < to; j++) {
      const r = rater[j];
      shared[r]++;
      offset[r] += addSharedItem(table, triOf, from, to, j, triangles, r * 2 * tri, r * 2 * tri + tri);
    }
  }
  const cohen = cohenByRater(pairs);
  const ctx = coefficientContext(table.values, weightSet(table.values));
  const alphaAt = (at: number) => {
    const alpha = ordinalAlpha(ctx, triangles.subarray(at, at + tri));
    return Number.isNaN(alpha) ? null : alpha;
  };
  const totals = scoreTotals(table);
  const boot = options.bootstrap > 0 ? raterBootstrap(table, ctx, options.bootstrap, options.seed, CI_LEVEL) : null;
  return table.raterIds
    .map((id, r): RaterAgreement => {
      const [alphaWith, alphaWithout] = [alphaAt(r * 2 * tri), alphaAt(r * 2 * tri + tri)];
      const c = cohen.get(id);
      const figures: Record<RaterCiField, number | null> = {
        alpha_with: alphaWith,
        alpha_without: alphaWithout,
        alpha_change: alphaWith !== null && alphaWithout !== null ? alphaWith - alphaWithout : null,
        cohen_quadratic_mean: c && c.n > 0 ? c.sum / c.n : null,
        mean_offset: shared[r] > 0 ? offset[r] / shared[r] : null,
      };
      return {
        rater: id,
        items: shared[r],
        co_raters: c?.partners ?? 0,
        alpha_with: figures.alpha_with,
        alpha_without: figures.alpha_without,
        alpha_change: figures.alpha_change,
        cohen_quadratic_mean: figures.cohen_quadratic_mean,
        mean_score: totals.count[r] > 0 ? totals.sum[r] / totals.count[r] : null,
        mean_offset: figures.mean_offset,
        ...intervalsOf(figures, boot?.[r] ?? null, options),
      };
    })
    .sort((x, y) => compareIds(x.rater, y.rater));
}

/** Shapes one rater's bootstrap like summary.ts does a group's: no interval where the figure is null. */
function intervalsOf(figures: Record<RaterCiField, number | null>, boot: RaterBootstrap | null, { bootstrap, seed }: BootstrapOptions) {
  const notes: Record<string, string> = {};
  if (!boot) return { ci: null, notes };
  if (!boot.results) {
    notes.ci = 'fewer than two clusters or items to resample';
    return { ci: null, notes };
  }
  const ci = { level: CI_LEVEL, replicates: bootstrap, seed, resampled: boot.resampled, units: boot.units } as RaterCi;
  RATER_CI_FIELDS.forEach((field, i) => {
    const result = boot.results![i];
    ci[field] = figures[field] === null ? null : result.interval;
    if (figures[field] !== null && result.reason) notes[`ci.${field}`] = result.reason;
  });
  return { ci, notes };
}

function cohenByRater(pairs: readonly CohenPair[]) {
  const byRater = new Map<string, { partners: number; sum: number; n: number }>();
  for (const p of pairs) {
    for (const id of [p.a, p.b]) {
      const entry = byRater.get(id) ?? { partners: 0, sum: 0, n: 0 };
      entry.partners++;
      if (p.quadratic !== null) {
        entry.sum += p.n * p.quadratic;
        entry.n += p.n;
      }
      byRater.set(id, entry);
    }
  }
  return byRater;
}

function scoreTotals(table: RatingTable) {
  const sum = new Float64Array(table.raterIds.length);
  const count = new Int32Array(table.raterIds.length);
  for (let a = 0; a < table.rater.length; a++) {
    sum[table.rater[a]] += table.values[table.category[a]];
    count[table.rater[a]]++;
  }
  return { sum, count };
}
