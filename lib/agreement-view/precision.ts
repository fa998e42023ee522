import type { Interval } from '@/lib/agreement';

/** Fewer options than this and a coefficient says little, whatever its interval. */
export const FEW_OPTIONS = 10;
/** A 95% interval wider than this (on coefficients that run from -1 to 1) is too wide to mean much. */
export const WIDE_INTERVAL = 0.4;

export type Imprecision = { kind: 'few' | 'wide' | 'no-interval'; text: string };

/**
 * Why a coefficient over `n` options should not be read as a firm figure, or null when it can be:
 * too few options, an interval wider than WIDE_INTERVAL, or no interval at all. Undefined values
 * (null) need no mark: they already show as a dash.
 */
export function imprecisionOf(value: number | null | undefined, interval: Interval | null | undefined, n: number): Imprecision | null {
  if (value === null || value === undefined) return null;
  if (n < FEW_OPTIONS) return { kind: 'few', text: `only ${n} option${n === 1 ? '' : 's'}` };
  if (!interval) return { kind: 'no-interval', text: 'no interval yet' };
  const width = interval.upper - interval.lower;
  if (width > WIDE_INTERVAL) return { kind: 'wide', text: `interval ${width.toFixed(2)} wide` };
  return null;
}
