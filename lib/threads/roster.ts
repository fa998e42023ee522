import 'server-only';
import type { Db, Tx } from '@/lib/db';

/**
 * The people who rated, flagged or commented an option, in a fixed order: raters by when they
 * first rated it, then anyone who only flagged or commented. Their place gives their blinded
 * label ("Rater A" is index 0), the same on every screen.
 */
export async function loadOptionRoster(db: Db | Tx, optionId: string): Promise<Array<{ userId: string; name: string }>> {
  const rows = await db.$queryRaw<Array<{ user_id: string; name: string }>>`
    SELECT p.user_id, u.name FROM (
      SELECT user_id, min(at) AS first_at, min(rank) AS rank FROM (
        SELECT user_id, changed_at AS at, 0 AS rank FROM rating_history WHERE option_id = ${optionId}
        UNION ALL SELECT user_id, created_at, 0 FROM ratings WHERE option_id = ${optionId}
        UNION ALL SELECT user_id, created_at, 1 FROM flags WHERE option_id = ${optionId}
        UNION ALL SELECT user_id, created_at, 1 FROM option_comments WHERE option_id = ${optionId}
      ) x GROUP BY user_id
    ) p JOIN users u ON u.id = p.user_id
    ORDER BY p.rank, p.first_at, p.user_id`;
  return rows.map((r) => ({ userId: r.user_id, name: r.name }));
}

/** "Rater A", "Rater B", ... (index 26 onwards: "Rater 27"). */
export function raterLetter(index: number): string {
  return index < 26 ? `Rater ${String.fromCharCode(65 + index)}` : `Rater ${index + 1}`;
}
