import type { Zone } from './types';

/**
 * RAND/UCLA zone of a score or median on the 1-9 scale: 1-3 harm (inappropriate), 4-6 uncertain,
 * 7-9 appropriate. A median between zones (3.5 or 6.5, only possible with an even panel) is
 * "uncertain": it is not clearly in either outer zone.
 */
export function toZone(score: number): Zone {
  if (score <= 3) return 'harm';
  if (score >= 7) return 'appropriate';
  return 'uncertain';
}

/** Zone as an index 0 (harm), 1 (uncertain), 2 (appropriate), for nominal alpha over zones. */
export function zoneIndex(score: number): number {
  return score <= 3 ? 0 : score >= 7 ? 2 : 1;
}

export const ZONES: readonly Zone[] = ['harm', 'uncertain', 'appropriate'];
