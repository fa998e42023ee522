import type { Interval } from '@/lib/agreement';

/** A coefficient for display: three decimals, or an en dash when undefined. */
export function formatCoefficient(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : value.toFixed(3);
}

export function formatInterval(interval: Interval | null | undefined): string {
  return interval ? `${interval.lower.toFixed(3)} to ${interval.upper.toFixed(3)}` : '–';
}
