/**
 * Active time per option (pure): the ONE definition used by the quality panel ("rated in under
 * 2 s") and the person page (median active seconds).
 *
 * A save's active_ms is the focused time since that option's previous save
 * (components/rating/active-time.ts), so a single save says little: 40 s of thought then a 1.2 s
 * correction is two saves of one 41.2 s judgement. The time spent on an option is therefore the
 * SUM of the active_ms of its applied saves (a clear included: it is time spent on the option).
 * active_ms = 0 means "not measured" and adds nothing; an option with no measured applied save
 * has no active time (it is left out, not counted as 0).
 */
export type TimedSave = { userId: string; optionId: string; activeMs: number; applied: boolean };
export type OptionActiveTime = { userId: string; optionId: string; activeMs: number };

export function activeTimePerOption(saves: readonly TimedSave[]): OptionActiveTime[] {
  const totals = new Map<string, OptionActiveTime>();
  for (const s of saves) {
    if (!s.applied || !(s.activeMs > 0)) continue;
    const key = `${s.userId}\u0000${s.optionId}`;
    const acc = totals.get(key);
    if (acc) acc.activeMs += s.activeMs;
    else totals.set(key, { userId: s.userId, optionId: s.optionId, activeMs: s.activeMs });
  }
  return [...totals.values()];
}
