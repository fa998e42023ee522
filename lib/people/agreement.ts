import { median, toZone } from '@/lib/agreement';

export type CoRaterAgreement = { n: number; meanAbsoluteDeviation: number | null; sameZoneShare: number | null };

/**
 * How a rater sits against their co-raters: for each option they rated that others rated too,
 * |their score - median of the OTHER raters' scores|, averaged (mean absolute deviation), and
 * the share of their scores in the same zone (harm 1-3 / uncertain 4-6 / appropriate 7-9) as
 * that median. Pure, so it is unit-tested.
 */
export function agreementWithCoRaters(items: ReadonlyArray<{ mine: number; others: readonly number[] }>): CoRaterAgreement {
  let n = 0;
  let deviation = 0;
  let sameZone = 0;
  for (const item of items) {
    const others = median(item.others);
    if (others === null) continue;
    n += 1;
    deviation += Math.abs(item.mine - others);
    // A median between zones (3.5, 6.5) counts as uncertain, as everywhere else (lib/agreement/zones).
    if (toZone(item.mine) === toZone(others)) sameZone += 1;
  }
  return n === 0 ? { n, meanAbsoluteDeviation: null, sameZoneShare: null } : { n, meanAbsoluteDeviation: deviation / n, sameZoneShare: sameZone / n };
}
