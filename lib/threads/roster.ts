import 'server-only';
import { createHash } from 'node:crypto';
import type { Db, Tx } from '@/lib/db';

export type Roster = Array<{ userId: string; name: string }>;

/**
 * The people who rated, flagged or commented each option, in a fixed order: by when they first
 * appeared on it in any way (a rating, a withdrawn rating, a flag or a comment), ties by id. A
 * rater who flagged before scoring keeps their place when they score, so "Rater A" (index 0) stays
 * the same person on every screen as the option fills up. (A flag or comment taken back by someone
 * who never rated can still shift later places: replies are checked against `rosterFingerprint`.)
 */
export async function loadRosters(db: Db | Tx, optionIds: string[]): Promise<Map<string, Roster>> {
  const rows = await db.$queryRaw<Array<{ option_id: string; user_id: string; name: string }>>`
    SELECT p.option_id, p.user_id, u.name FROM (
      SELECT option_id, user_id, min(at) AS first_at FROM (
        SELECT option_id, user_id, changed_at AS at FROM rating_history WHERE option_id = ANY(${optionIds})
        UNION ALL SELECT option_id, user_id, created_at FROM ratings WHERE option_id = ANY(${optionIds})
        UNION ALL SELECT option_id, user_id, created_at FROM flags WHERE option_id = ANY(${optionIds})
        UNION ALL SELECT option_id, user_id, created_at FROM option_comments WHERE option_id = ANY(${optionIds})
      ) x GROUP BY option_id, user_id
    ) p JOIN users u ON u.id = p.user_id
    ORDER BY p.option_id, p.first_at, p.user_id`;
  const rosters = new Map<string, Roster>(optionIds.map((id) => [id, []]));
  for (const r of rows) rosters.get(r.option_id)!.push({ userId: r.user_id, name: r.name });
  return rosters;
}

/**
 * A fingerprint of an option's roster as a screen showed it (sha256 of the option id and the
 * ordered user ids, hex). A reply form sends it back with the chosen index, so a roster that
 * changed in between is noticed instead of the reply reaching someone else. It names nobody.
 */
export function rosterFingerprint(optionId: string, roster: Roster): string {
  return createHash('sha256').update([optionId, ...roster.map((r) => r.userId)].join('\n')).digest('hex');
}

/** Is the roster with this fingerprint the current roster or its start (places unchanged, people only added)? */
export function rosterStartsWith(optionId: string, current: Roster, fingerprint: string): boolean {
  for (let n = current.length; n >= 0; n--) if (rosterFingerprint(optionId, current.slice(0, n)) === fingerprint) return true;
  return false;
}

export async function loadOptionRoster(db: Db | Tx, optionId: string): Promise<Roster> {
  return (await loadRosters(db, [optionId])).get(optionId)!;
}

/** "Rater A", "Rater B", ... (index 26 onwards: "Rater 27"). */
export function raterLetter(index: number): string {
  return index < 26 ? `Rater ${String.fromCharCode(65 + index)}` : `Rater ${index + 1}`;
}
