/** Quality signals over a project's ratings (pure, no I/O); each returns its evidence. */

// ---------------------------------------------------------------- fast ratings
export const FAST_MS = 2000;

export type SaveRow = { userId: string; optionId: string; activeMs: number; applied: boolean; score: number | null };
export type FastRater = { userId: string; fast: number; timed: number; share: number; examples: Array<{ optionId: string; activeMs: number }> };

/**
 * Options a physician scored with under 2 s of active time: applied saves with a score and
 * 0 < active_ms < 2000 (0 means "not measured"), counted once per option. `timed` is the options
 * with a measured applied save; `share` = fast / timed.
 */
export function fastRatings(saves: readonly SaveRow[], maxExamples = 3): FastRater[] {
  const timed = new Map<string, Set<string>>();
  const fast = new Map<string, Map<string, number>>();
  for (const s of saves) {
    if (!s.applied || s.score === null || s.activeMs <= 0) continue;
    if (!timed.has(s.userId)) timed.set(s.userId, new Set());
    timed.get(s.userId)!.add(s.optionId);
    if (s.activeMs < FAST_MS) {
      if (!fast.has(s.userId)) fast.set(s.userId, new Map());
      const seen = fast.get(s.userId)!;
      seen.set(s.optionId, Math.min(seen.get(s.optionId) ?? Infinity, s.activeMs));
    }
  }
  const out: FastRater[] = [];
  for (const [userId, options] of fast) {
    const n = timed.get(userId)!.size;
    const examples = [...options].map(([optionId, activeMs]) => ({ optionId, activeMs })).sort((a, b) => a.activeMs - b.activeMs || a.optionId.localeCompare(b.optionId));
    out.push({ userId, fast: options.size, timed: n, share: options.size / n, examples: examples.slice(0, maxExamples) });
  }
  return out.sort((a, b) => b.share - a.share || b.fast - a.fast || a.userId.localeCompare(b.userId));
}

// ---------------------------------------------------------------- deviation from co-raters
export type ScoreRow = { optionId: string; userId: string; score: number };

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Linear-interpolation percentile (p in 0..1), as numpy's default. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

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
 * Per physician: the mean absolute deviation of their score from the median of the OTHER raters of
 * the same option (options with at least `minOthers` other ratings), with the study's median and
 * 90th percentile of that figure. Flagged: n >= minOptions, MAD >= threshold and above the study's
 * 90th percentile.
 */
export function deviationFromCoRaters(
  ratings: readonly ScoreRow[],
  { threshold = DEVIATION_THRESHOLD, minOptions = DEVIATION_MIN_OPTIONS, minOthers = 2 } = {},
): DeviationReport {
  const byOption = new Map<string, ScoreRow[]>();
  for (const r of ratings) {
    if (!byOption.has(r.optionId)) byOption.set(r.optionId, []);
    byOption.get(r.optionId)!.push(r);
  }
  const sums = new Map<string, { total: number; n: number }>();
  for (const rows of byOption.values()) {
    if (rows.length < minOthers + 1) continue;
    for (const r of rows) {
      const others = rows.filter((o) => o.userId !== r.userId).map((o) => o.score);
      const d = Math.abs(r.score - median(others));
      const acc = sums.get(r.userId) ?? { total: 0, n: 0 };
      acc.total += d;
      acc.n += 1;
      sums.set(r.userId, acc);
    }
  }
  const raters = [...sums].map(([userId, { total, n }]) => ({ userId, mad: total / n, n, flagged: false }));
  const eligible = raters.filter((r) => r.n >= minOptions).map((r) => r.mad);
  const study = eligible.length ? { median: median(eligible), p90: percentile(eligible, 0.9), physicians: eligible.length } : null;
  for (const r of raters) r.flagged = study !== null && r.n >= minOptions && r.mad >= threshold && r.mad >= study.p90;
  raters.sort((a, b) => b.mad - a.mad || a.userId.localeCompare(b.userId));
  return { raters, study, threshold, minOptions, minOthers };
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
