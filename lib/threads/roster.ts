import 'server-only';
import type { Db, Tx } from '@/lib/db';

export type Roster = Array<{ userId: string; name: string }>;

/**
 * The people who rated, flagged or commented each option, in a fixed order: raters by when they
 * first rated it (a withdrawn rating counts), then anyone who only flagged or commented. Their
 * place gives their blinded label ("Rater A" is index 0), the same on every screen.
 */
export async function loadRosters(db: Db | Tx, optionIds: string[]): Promise<Map<string, Roster>> {
  const rows = await db.$queryRaw<Array<{ option_id: string; user_id: string; name: string }>>`
    SELECT p.option_id, p.user_id, u.name FROM (
      SELECT option_id, user_id, min(at) AS first_at, min(rank) AS rank FROM (
        SELECT option_id, user_id, changed_at AS at, 0 AS rank FROM rating_history WHERE option_id = ANY(${optionIds})
        UNION ALL SELECT option_id, user_id, created_at, 0 FROM ratings WHERE option_id = ANY(${optionIds})
        UNION ALL SELECT option_id, user_id, created_at, 1 FROM flags WHERE option_id = ANY(${optionIds})
        UNION ALL SELECT option_id, user_id, created_at, 1 FROM option_comments WHERE option_id = ANY(${optionIds})
      ) x GROUP BY option_id, user_id
    ) p JOIN users u ON u.id = p.user_id
    ORDER BY p.option_id, p.rank, p.first_at, p.user_id`;
  const rosters = new Map<string, Roster>(optionIds.map((id) => [id, []]));
  for (const r of rows) rosters.get(r.option_id)!.push({ userId: r.user_id, name: r.name });
  return rosters;
}

export async function loadOptionRoster(db: Db | Tx, optionId: string): Promise<Roster> {
  return (await loadRosters(db, [optionId])).get(optionId)!;
}

/** "Rater A", "Rater B", ... (index 26 onwards: "Rater 27"). */
export function raterLetter(index: number): string {
  return index < 26 ? `Rater ${String.fromCharCode(65 + index)}` : `Rater ${index + 1}`;
}
