import { bootstrapReplicates, percentileIntervals } from './bootstrap';
import { COEFFICIENTS, coefficientContext, estimatesOf, type CoefficientName } from './coefficients';
import type { RatingTable } from './encode';
import { buildUnitStats } from './stats';
import type { AlphaLevel, Interval } from './types';
import { weightSet } from './weights';

/** The coefficients in the report's JSON shape (snake_case keys, as the CLI prints them). */
export type CoefficientValues<T> = {
  alpha: Record<AlphaLevel, T>;
  /** Nominal alpha over the three RAND/UCLA zones (harm / uncertain / appropriate). */
  alpha_zones: T;
  fleiss_kappa: T;
  percent_agreement: T;
  gwet_ac1: T;
  gwet_ac2: { linear: T; quadratic: T };
};

export type AgreementCi = {
  level: number;
  replicates: number;
  seed: number;
  /** 'clusters' normally; 'items' when the data hold a single cluster (e.g. one case). */
  resampled: 'clusters' | 'items';
  units: number;
} & CoefficientValues<Interval | null>;

export type AgreementSummary = { items: number; raters: number; ratings: number } & CoefficientValues<number | null> & {
  ci: AgreementCi | null;
  /** Why a value is null, keyed by its path in this object (e.g. "alpha.ordinal", "ci.gwet_ac1"). */
  notes: Record<string, string>;
};

export type BootstrapOptions = { bootstrap: number; seed: number };

export const CI_LEVEL = 0.95;

const PATHS: Record<CoefficientName, string> = {
  alphaNominal: 'alpha.nominal', alphaOrdinal: 'alpha.ordinal', alphaInterval: 'alpha.interval', alphaRatio: 'alpha.ratio',
  alphaZones: 'alpha_zones', fleissKappa: 'fleiss_kappa', percentAgreement: 'percent_agreement', gwetAc1: 'gwet_ac1',
  gwetAc2Linear: 'gwet_ac2.linear', gwetAc2Quadratic: 'gwet_ac2.quadratic',
};

function shape<T>(get: (name: CoefficientName) => T): CoefficientValues<T> {
  return {
    alpha: { nominal: get('alphaNominal'), ordinal: get('alphaOrdinal'), interval: get('alphaInterval'), ratio: get('alphaRatio') },
    alpha_zones: get('alphaZones'),
    fleiss_kappa: get('fleissKappa'),
    percent_agreement: get('percentAgreement'),
    gwet_ac1: get('gwetAc1'),
    gwet_ac2: { linear: get('gwetAc2Linear'), quadratic: get('gwetAc2Quadratic') },
  };
}

/** All pooled coefficients of a coded table, with cluster-bootstrap intervals when `bootstrap` > 0. */
export function summarizeTable(table: RatingTable, { bootstrap, seed }: BootstrapOptions): AgreementSummary {
  const weights = weightSet(table.values);
  const ctx = coefficientContext(table.values, weights);
  const items = table.itemIds.length;
  const byItem = table.clusterCount < 2 && items >= 2;
  const unitOf = byItem ? Int32Array.from({ length: items }, (_, i) => i) : table.clusterOf;
  const units = byItem ? items : table.clusterCount;
  const stats = buildUnitStats(table, weights, unitOf, units);
  const point = estimatesOf(ctx, stats.total);
  const notes: Record<string, string> = {};
  for (const [name, estimate] of Object.entries(point)) if (estimate.reason) notes[PATHS[name as CoefficientName]] = estimate.reason;

  let ci: AgreementCi | null = null;
  if (bootstrap > 0 && units < 2) notes.ci = 'fewer than two clusters or items to resample';
  else if (bootstrap > 0) {
    const results = percentileIntervals(bootstrapReplicates(stats, ctx, bootstrap, seed), bootstrap, CI_LEVEL);
    const byName = new Map(COEFFICIENTS.map((name, i) => [name, results[i]]));
    const intervals = shape((name) => (point[name].value === null ? null : byName.get(name)!.interval));
    for (const [name, result] of byName) if (point[name].value !== null && result.reason) notes[`ci.${PATHS[name]}`] = result.reason;
    ci = { level: CI_LEVEL, replicates: bootstrap, seed, resampled: byItem ? 'items' : 'clusters', units, ...intervals };
  }
  const values = shape((name) => point[name].value);
  return { items, raters: table.raterIds.length, ratings: table.rater.length, ...values, ci, notes };
}
