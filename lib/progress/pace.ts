/** Ratings-per-day and an estimated finish date from the recent pace (pure, no I/O). */

export type DayCount = { day: string; count: number };

export type FinishEstimate =
  | { kind: 'estimate'; perDay: number; windowDays: number; windowStart: string; remaining: number; daysLeft: number; finishDay: string; assumptions: string }
  | { kind: 'done'; remaining: 0; assumptions: string }
  | { kind: 'no-data'; remaining: number; assumptions: string };

/**
 * "The recent pace" is the ratings of the last this-many CALENDAR days (today included) divided by
 * those days, quiet days included: two whole weeks, so a weekly rhythm (everything on Saturdays)
 * is counted at its true average, and one odd day moves the figure less.
 */
export const PACE_WINDOW = 14;

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
 * Ratings per CALENDAR day over the window (the last `window` days up to and including `today`, or
 * from the first day anything was rated if that is later: a young project is not diluted by days
 * before it began), and the day the remaining ratings would be done at that pace. Dividing by
 * calendar days, not by days with ratings, is what makes the projection over calendar days honest:
 * 70 ratings every Saturday is 10 a day, not 70.
 */
export function estimateFinish(counts: readonly DayCount[], remaining: number, today: string, window = PACE_WINDOW): FinishEstimate {
  if (!DAY.test(today)) throw new Error(`today must be YYYY-MM-DD, got "${today}"`);
  if (!Number.isInteger(window) || window < 1) throw new Error(`window must be a whole number of days >= 1, got ${window}`);
  if (remaining <= 0) return { kind: 'done', remaining: 0, assumptions: 'Every expected rating is in.' };
  const rated = counts.filter((c) => c.count > 0 && c.day <= today);
  if (rated.length === 0) {
    return { kind: 'no-data', remaining, assumptions: 'Not enough data: no ratings yet, so there is no pace to go by.' };
  }
  const firstEver = rated.reduce((min, c) => (c.day < min ? c.day : min), rated[0].day);
  const windowFirst = addDays(today, -(window - 1));
  const start = firstEver > windowFirst ? firstEver : windowFirst;
  const total = rated.filter((c) => c.day >= start).reduce((sum, c) => sum + c.count, 0);
  if (total === 0) {
    return {
      kind: 'no-data',
      remaining,
      assumptions: `Not enough data: no ratings in the last ${window} days, so there is no recent pace to go by.`,
    };
  }
  const windowDays = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
  const perDay = total / windowDays;
  const daysLeft = Math.ceil(remaining / perDay);
  const shown = perDay >= 10 ? Math.round(perDay).toString() : perDay.toFixed(1);
  const span = start === windowFirst ? `the last ${windowDays} calendar days` : `the ${windowDays} calendar day${windowDays === 1 ? '' : 's'} since the first rating`;
  return {
    kind: 'estimate',
    perDay,
    windowDays,
    windowStart: start,
    remaining,
    daysLeft,
    finishDay: addDays(today, daysLeft),
    assumptions:
      `${total} rating${total === 1 ? '' : 's'} over ${span} (today included, days without ratings counted too): ${shown} ratings/day. ` +
      `At that average the ${remaining} remaining rating${remaining === 1 ? '' : 's'} take ${daysLeft} more day${daysLeft === 1 ? '' : 's'}. ` +
      'Assumes physicians keep that average pace, and that cases still waiting for physicians get them.',
  };
}
