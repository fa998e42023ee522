import { median, toZone } from '@/lib/agreement';

/**
 * Distance from co-raters (pure): the ONE definition used by the quality panel and the person page.
 *
 * For each option a physician rated that at least one OTHER physician rated too:
 * |their score - median of the other raters' scores| (lib/agreement's median; with one co-rater it
 * is that co-rater's score). Averaged over those options: the mean absolute deviation, with n = the
 * number of options it is over (always shown beside it), and the share of their scores in the same
 * zone (harm 1-3 / uncertain 4-6 / appropriate 7-9) as that median (a median between zones, 3.5 or
 * 6.5, counts as uncertain, as everywhere else: lib/agreement/zones). Options nobody else rated
 * are left out.
 */
export type CoRaterDistance = { n: number; meanAbsoluteDeviation: number | null; sameZoneShare: number | null };

/** The rule's minimum: an option counts when at least this many other physicians rated it. */
export const CO_RATER_MIN_OTHERS = 1;

export function distanceFromCoRaters(items: ReadonlyArray<{ mine: number; others: readonly number[] }>): CoRaterDistance {
  let n = 0;
  let deviation = 0;
  let sameZone = 0;
  for (const item of items) {
    if (item.others.length < CO_RATER_MIN_OTHERS) continue;
    const others = median(item.others);
    if (others === null) continue;
    n += 1;
    deviation += Math.abs(item.mine - others);
    if (toZone(item.mine) === toZone(others)) sameZone += 1;
  }
  return n === 0 ? { n, meanAbsoluteDeviation: null, sameZoneShare: null } : { n, meanAbsoluteDeviation: deviation / n, sameZoneShare: sameZone / n };
}

export type ScoreRow = { optionId: string; userId: string; score: number };

/** Per physician, from every rating of a project: their options with the other raters' scores, then distanceFromCoRaters. */
export function distanceByRater(ratings: readonly ScoreRow[]): Map<string, CoRaterDistance> {
  const byOption = new Map<string, ScoreRow[]>();
  for (const r of ratings) {
    const rows = byOption.get(r.optionId);
    if (rows) rows.push(r);
    else byOption.set(r.optionId, [r]);
  }
  const items = new Map<string, Array<{ mine: number; others: number[] }>>();
  for (const rows of byOption.values()) {
    for (const r of rows) {
      const list = items.get(r.userId) ?? [];
      list.push({ mine: r.score, others: rows.filter((o) => o.userId !== r.userId).map((o) => o.score) });
      items.set(r.userId, list);
    }
  }
  const out = new Map<string, CoRaterDistance>();
  for (const [userId, list] of items) {
    const d = distanceFromCoRaters(list);
    if (d.n > 0) out.set(userId, d);
  }
  return out;
}
