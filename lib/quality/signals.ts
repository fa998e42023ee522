/** Quality signals over a project's ratings (pure, no I/O); each returns its evidence. */

import { median, percentileSorted } from '@/lib/agreement';
import { activeTimePerOption } from '@/lib/quality/active-time';
import { CO_RATER_MIN_OTHERS, distanceByRater, type ScoreRow } from '@/lib/quality/co-raters';

export type { ScoreRow } from '@/lib/quality/co-raters';

// ---------------------------------------------------------------- fast ratings
export const FAST_MS = 2000;

export type SaveRow = { userId: string; optionId: string; activeMs: number; applied: boolean; score: number | null };
export type FastRater = { userId: string; fast: number; timed: number; share: number; examples: Array<{ optionId: string; activeMs: number }> };

/**
 * Options a physician scored with under 2 s of active time in all. The time of an option is the
 * SUM of its applied saves' active_ms (lib/quality/active-time: one save's active_ms is only the
 * time since the previous save of that option, so a quick correction after a long think is not
 * fast). Counted over options the physician scored (an applied save with a score) and whose time
 * was measured; `timed` is those options, `share` = fast / timed.
 */
export function fastRatings(saves: readonly SaveRow[], maxExamples = 3): FastRater[] {
  const scored = new Set(saves.filter((s) => s.applied && s.score !== null).map((s) => `${s.userId}\u0000${s.optionId}`));
  const timed = new Map<string, number>();
  const fast = new Map<string, Array<{ optionId: string; activeMs: number }>>();
  for (const t of activeTimePerOption(saves)) {
    if (!scored.has(`${t.userId}\u0000${t.optionId}`)) continue;
    timed.set(t.userId, (timed.get(t.userId) ?? 0) + 1);
    if (t.activeMs < FAST_MS) {
      const list = fast.get(t.userId) ?? [];
      list.push({ optionId: t.optionId, activeMs: t.activeMs });
      fast.set(t.userId, list);
    }
  }
  const out: FastRater[] = [];
  for (const [userId, options] of fast) {
    const n = timed.get(userId)!;
    const examples = options.sort((a, b) => a.activeMs - b.activeMs || a.optionId.localeCompare(b.optionId));
    out.push({ userId, fast: options.length, timed: n, share: options.length / n, examples: examples.slice(0, maxExamples) });
  }
  return out.sort((a, b) => b.share - a.share || b.fast - a.fast || a.userId.localeCompare(b.userId));
}

// ---------------------------------------------------------------- deviation from co-raters
export type Deviation = { userId: string; mad: number; n: number; flagged: boolean };
export type DeviationReport = {
  raters: Deviation[];
  /** Over physicians with at least `minOptions` options: the study's distribution of the figure. */
  study: { median: number; p90: number; physicians: number } | null;
  threshold: number;
  minOptions: number;
  minOthers: number;
};

/** A physician is flagged when their mean absolute deviation reaches this many scale points... */
export const DEVIATION_THRESHOLD = 2;
/** ...over at least this many options. */
export const DEVIATION_MIN_OPTIONS = 10;

/**
 * Per physician: the distance from co-raters as lib/quality/co-raters defines it (the person page
 * uses the same function): mean |score - median of the OTHER raters of the option| over options
 * with at least one other rating, n = those options. With the study's median and 90th percentile
 * (linear interpolation) of that figure over physicians with n >= minOptions. Flagged:
 * n >= minOptions, MAD >= threshold and at or above the study's 90th percentile.
 */
export function deviationFromCoRaters(
  ratings: readonly ScoreRow[],
  { threshold = DEVIATION_THRESHOLD, minOptions = DEVIATION_MIN_OPTIONS } = {},
): DeviationReport {
  const raters: Deviation[] = [...distanceByRater(ratings)].map(([userId, d]) => ({ userId, mad: d.meanAbsoluteDeviation!, n: d.n, flagged: false }));
  const eligible = raters.filter((r) => r.n >= minOptions).map((r) => r.mad).sort((a, b) => a - b);
  const study = eligible.length ? { median: median(eligible)!, p90: percentileSorted(eligible, 0.9), physicians: eligible.length } : null;
  for (const r of raters) r.flagged = study !== null && r.n >= minOptions && r.mad >= threshold && r.mad >= study.p90;
  raters.sort((a, b) => b.mad - a.mad || a.userId.localeCompare(b.userId));
  return { raters, study, threshold, minOptions, minOthers: CO_RATER_MIN_OTHERS };
}

// ---------------------------------------------------------------- straight-lining
export const STRAIGHT_SHARE = 0.8;
export const STRAIGHT_MIN_OPTIONS = 5;

export type CaseScores = { caseId: string; userId: string; scores: number[] };
export type StraightLine = { caseId: string; userId: string; score: number; count: number; options: number; share: number };

/** A completed case where one score covers at least 80% of the options (cases of 5+ options). */
export function straightLining(cases: readonly CaseScores[], share = STRAIGHT_SHARE, minOptions = STRAIGHT_MIN_OPTIONS): StraightLine[] {
  const out: StraightLine[] = [];
  for (const c of cases) {
    if (c.scores.length < minOptions) continue;
    const counts = new Map<number, number>();
    for (const s of c.scores) counts.set(s, (counts.get(s) ?? 0) + 1);
    let best = 0;
    let count = 0;
    for (const [score, n] of counts) if (n > count || (n === count && score < best)) [best, count] = [score, n];
    const fraction = count / c.scores.length;
    if (fraction >= share) out.push({ caseId: c.caseId, userId: c.userId, score: best, count, options: c.scores.length, share: fraction });
  }
  return out.sort((a, b) => b.share - a.share || a.caseId.localeCompare(b.caseId) || a.userId.localeCompare(b.userId));
}
