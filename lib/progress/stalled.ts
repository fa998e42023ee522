/** Stalled assignments (pure): not started, or not touched, for N days. */

export type OpenAssignment = {
  id: string;
  status: string;
  assignedAt: Date;
  /** The physician's last rating save (or rating change) on the case; null if none. */
  lastActivityAt: Date | null;
};

export type Stall = { id: string; kind: 'not-started' | 'not-touched'; days: number; since: Date };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An open assignment (ASSIGNED or IN_PROGRESS) is stalled when no rating was given `days` or more
 * days after it was assigned (not started), or when its last rating is `days` or more days old
 * (not touched). `days` is whole days elapsed, rounded down.
 */
export function findStalled(assignments: readonly OpenAssignment[], now: Date, afterDays: number): Stall[] {
  if (!Number.isInteger(afterDays) || afterDays < 1) throw new Error(`afterDays must be a whole number of days >= 1, got ${afterDays}`);
  const out: Stall[] = [];
  for (const a of assignments) {
    if (a.status !== 'ASSIGNED' && a.status !== 'IN_PROGRESS') continue;
    const since = a.lastActivityAt ?? a.assignedAt;
    const days = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
    if (days >= afterDays) out.push({ id: a.id, kind: a.lastActivityAt ? 'not-touched' : 'not-started', days, since });
  }
  return out.sort((x, y) => y.days - x.days || x.id.localeCompare(y.id));
}
