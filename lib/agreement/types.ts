/**
 * Shared types of the agreement engine. An "item" is one management option; each of its raters
 * gives it one score on the rating scale (1-9 for Primum, RAND/UCLA appropriateness, see DOMAIN.md).
 */

/** One rating. `cluster` is the unit the bootstrap resamples (the case); items without one are their own cluster. */
export type Rating = { item: string; rater: string; value: number; cluster?: string };

/** A coefficient that may be undefined for the data at hand: then `value` is null and `reason` says why. */
export type Estimate = { value: number | null; reason?: string };

/** Krippendorff's alpha metric (difference function) for the level of measurement. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Agreement weights between categories, as in Cohen (1968) and Gwet's irrCAC. */
export type WeightKind = 'unweighted' | 'linear' | 'quadratic';

/** The three RAND/UCLA zones of the 1-9 scale. */
export type Zone = 'harm' | 'uncertain' | 'appropriate';

/** `domain` lists the category values (1..9 for Primum); without it the observed values are the categories. */
export type DomainOptions = { domain?: readonly number[] };

/** A two-sided percentile bootstrap interval. */
export type Interval = { lower: number; upper: number };
