/** Ratings-per-day and an estimated finish date from the recent pace (pure, no I/O). */

export type DayCount = { day: string; count: number };

export type FinishEstimate =
  | { kind: 'estimate'; perDay: number; activeDays: number; remaining: number; daysLeft: number; finishDay: string; assumptions: string }
  | { kind: 'done'; remaining: 0; assumptions: string }
  | { kind: 'no-data'; remaining: number; assumptions: string };

/** How many of the most recent days with at least one rating make up "the recent pace". */
export const PACE_WINDOW = 7;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function addDays(day: string, days: number): string {
  if (!DAY.test(day)) throw new Error(`day must be YYYY-MM-DD, got "${day}"`);
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Every calendar day from the first to `today` (inclusive), missing days as 0, for the chart. */
export function fillDays(counts: readonly DayCount[], today: string, maxDays = 60): DayCount[] {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const first = counts.reduce<string | null>((min, c) => (min === null || c.day < min ? c.day : min), null);
  if (first === null) return [];
  let start = first;
  const earliest = addDays(today, -(maxDays - 1));
  if (start < earliest) start = earliest;
  const out: DayCount[] = [];
  for (let day = start; day <= today; day = addDays(day, 1)) out.push({ day, count: byDay.get(day) ?? 0 });
  return out;
}

/**
 * Mean ratings per active day over the last `window` days that had ratings, and the day the
 * remaining ratings would be done at that pace (counting every calendar day from `today`).
 */
export function estimateFinish(counts: readonly DayCount[], remaining: number, today: string, window = PACE_WINDOW): FinishEstimate {
  if (remaining <= 0) return { kind: 'done', remaining: 0, assumptions: 'Every expected rating is in.' };
  const active = counts.filter((c) => c.count > 0).sort((a, b) => (a.day < b.day ? 1 : -1)).slice(0, window);
  if (active.length === 0) {
    return { kind: 'no-data', remaining, assumptions: 'Not enough data: no ratings yet, so there is no pace to go by.' };
  }
  const total = active.reduce((sum, c) => sum + c.count, 0);
  const perDay = total / active.length;
  const daysLeft = Math.ceil(remaining / perDay);
  const shown = perDay >= 10 ? Math.round(perDay).toString() : perDay.toFixed(1);
  return {
    kind: 'estimate',
    perDay,
    activeDays: active.length,
    remaining,
    daysLeft,
    finishDay: addDays(today, daysLeft),
    assumptions:
      `At the pace of the last ${active.length} day${active.length === 1 ? '' : 's'} with ratings, ${shown} ratings/day, ` +
      `the ${remaining} remaining rating${remaining === 1 ? '' : 's'} take ${daysLeft} more day${daysLeft === 1 ? '' : 's'}. ` +
      'Assumes physicians keep rating at that pace every day (weekends included), and that cases still waiting for physicians get them.',
  };
}
