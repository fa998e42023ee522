import type { Interval } from '@/lib/agreement';

/** A coefficient for display: three decimals, or an en dash when undefined. */
export function formatCoefficient(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toFixed(3);
}

export function formatInterval(interval: Interval | null | undefined, digits = 3): string {
  return interval ? `${interval.lower.toFixed(digits)} to ${interval.upper.toFixed(digits)}` : '–';
}

/** A difference with its sign always shown (a true minus sign for negatives). */
export function formatSigned(value: number | null | undefined, digits: number): string {
  if (value === null || value === undefined) return '–';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
}
