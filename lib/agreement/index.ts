/**
 * Agreement statistics for triple-rated options: pure functions, no I/O. The report computes every
 * coefficient from per-case sufficient statistics, so the bootstrap never revisits the ratings.
 */
export type { AlphaLevel, DomainOptions, Estimate, Interval, Rating, WeightKind, Zone } from './types';
export { analyzeItem, median, percentileSorted, type ItemAnalysis } from './item-analysis';
export { toZone, zoneIndex, ZONES } from './zones';
export { fleissKappa, gwetAC1, gwetAC2, krippendorffAlpha, percentAgreement, zoneAlpha } from './measures';
export { fleissKappaByCategory, type CategoryKappa } from './fleiss-by-category';
export { cohenKappa, cohenKappaMatrix, cohenKappaPairs, type CohenPair } from './cohen';
export { computeAgreementReport, DEFAULT_REPLICATES, DEFAULT_SEED, type AgreementReport, type ItemReport, type ReportOptions } from './report';
export type { AgreementCi, AgreementSummary, CoefficientValues } from './summary';
export { computeBreakdowns, summarizeRatings, type BreakdownOptions, type BreakdownRow, type Breakdowns, type GroupSummary } from './breakdowns';
export type { RaterAgreement, RaterCi } from './rater-view';
export type { RaterCiField } from './rater-bootstrap';
export { detectFormat, parseRatings, type ParseRatingsOptions, type RatingsFormat } from './parse-ratings';
export { DEFAULT_SCALE, parseScale, scaleValues, type Scale } from './schema';
export { mulberry32 } from './prng';
export { weightMatrix } from './weights';
