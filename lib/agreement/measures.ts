import { coefficientContext, estimatesOf, type CoefficientName } from './coefficients';
import { encodeRatings, type RatingTable } from './encode';
import { buildUnitStats } from './stats';
import type { AlphaLevel, DomainOptions, Estimate, Rating, WeightKind } from './types';
import { weightSet } from './weights';

/*
 * One-coefficient entry points over raw ratings. The report computes all of them in one pass
 * (summary.ts); these are for callers that need a single figure.
 */

function pointEstimates(table: RatingTable) {
  const weights = weightSet(table.values);
  const stats = buildUnitStats(table, weights, table.clusterOf, table.clusterCount);
  return { estimates: estimatesOf(coefficientContext(table.values, weights), stats.total), stats };
}

function estimate(ratings: readonly Rating[], domain: readonly number[] | undefined, name: CoefficientName): Estimate {
  return pointEstimates(encodeRatings(ratings, domain)).estimates[name];
}

const ALPHA: Record<AlphaLevel, CoefficientName> = { nominal: 'alphaNominal', ordinal: 'alphaOrdinal', interval: 'alphaInterval', ratio: 'alphaRatio' };

/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"): 1 - observed /
 * expected disagreement, from the coincidence matrix. Items with fewer than two ratings are not pairable
 * and are ignored. Null with a reason when no pairable values vary.
 */
export function krippendorffAlpha(ratings: readonly Rating[], level: AlphaLevel, options: DomainOptions = {}): Estimate {
  return estimate(ratings, options.domain, ALPHA[level]);
}

/** Nominal alpha over the three RAND/UCLA zones (1-3 harm, 4-6 uncertain, 7-9 appropriate). */
export function zoneAlpha(ratings: readonly Rating[]): Estimate {
  return estimate(ratings, undefined, 'alphaZones');
}

/** Fleiss' kappa (1971) generalised to any number of raters per item, as irrCAC's fleiss.kappa.raw. */
export function fleissKappa(ratings: readonly Rating[], options: DomainOptions = {}): Estimate {
  return estimate(ratings, options.domain, 'fleissKappa');
}

/** Gwet's AC1 (Gwet 2008): chance agreement from the spread of categories, so stable when one dominates. */
export function gwetAC1(ratings: readonly Rating[], options: DomainOptions = {}): Estimate {
  return estimate(ratings, options.domain, 'gwetAc1');
}

/** Gwet's AC2: AC1 with agreement weights over the domain (irrCAC's gwet.ac1.raw with weights). */
export function gwetAC2(ratings: readonly Rating[], weights: Exclude<WeightKind, 'unweighted'>, options: DomainOptions = {}): Estimate {
  return estimate(ratings, options.domain, weights === 'linear' ? 'gwetAc2Linear' : 'gwetAc2Quadratic');
}

/** Percent agreement as irrCAC's pa.coeff.raw: mean over items with >= 2 ratings of the (weighted) agreeing pairs. */
export function percentAgreement(ratings: readonly Rating[], options: DomainOptions & { weights?: WeightKind } = {}): Estimate {
  const { stats } = pointEstimates(encodeRatings(ratings, options.domain));
  const { layout, total } = stats;
  if (total[layout.pairable] === 0) return { value: null, reason: 'no item has two or more ratings' };
  const w = options.weights === 'quadratic' ? 2 : options.weights === 'linear' ? 1 : 0;
  return { value: total[layout.agreement + w] / total[layout.pairable] };
}
