import 'server-only';
import { goldFactsOf, type GoldFacts, type LoadedCase } from '@/lib/releases/load';
import type { SqlRead } from '@/lib/releases/sql';

/**
 * What readiness judges a case by (readiness.ts caseProblems), and the lean read that gives it to
 * the Releases page without loading a single rating row: per option, PostgreSQL hands back the
 * scores as one array, the count of simulated ratings, whether it is flagged "needs discussion" and
 * its adjudicated score. The lock's path derives the same facts from the full rows it loads anyway
 * (factsOfLoadedCase), so both are judged by one set of rules.
 */

export type OptionFacts = GoldFacts & { simulatedRatings: number };

export type CaseFacts = {
  /** Live assignments (declined ones left out). */
  assignments: ReadonlyArray<{ status: string }>;
  options: readonly OptionFacts[];
};

export type CaseSummary = CaseFacts & { id: string; externalId: string; specialtyCode: string; lockedAt: Date | null };

export function factsOfLoadedCase(c: LoadedCase): CaseFacts {
  return {
    assignments: c.assignments,
    options: c.options.map((o) => ({ ...goldFactsOf(o), simulatedRatings: o.ratings.filter((r) => r.user.isSimulated).length })),
  };
}

/** An option's facts as PostgreSQL packs them: [scores, simulated ratings, flagged, adjudicated score]. */
type PackedOption = [number[], number, boolean, number | null];
type SummaryRow = { id: string; external_id: string; locked_at: Date | null; code: string; statuses: string[]; options: PackedOption[] };

/**
 * The summaries of the cases of the given ids, in no particular order, in one query: one row per
 * case with its options packed as one JSON array in rubric order (10,000 rows to decode for a 100x
 * NOHARM project instead of 425,000). The ratings are grouped per option by a join, not a
 * subquery per option (bench100: 55 ms a batch instead of 120-160). Scores come sorted, so that
 * equal panels look equal to the memo of readiness.ts.
 */
export async function loadCaseSummaries(read: SqlRead, { ids }: { ids: string[] }): Promise<CaseSummary[]> {
  const rows = await read<SummaryRow>`
    WITH per_option AS (
      SELECT o.id, o.case_id, o.position,
        COALESCE(array_agg(r.score ORDER BY r.score) FILTER (WHERE r.score IS NOT NULL), '{}') AS scores,
        (count(*) FILTER (WHERE u.is_simulated))::int AS simulated
      FROM options o LEFT JOIN ratings r ON r.option_id = o.id LEFT JOIN users u ON u.id = r.user_id
      WHERE o.case_id = ANY(${ids}) GROUP BY o.id
    ), per_case AS (
      SELECT p.case_id, json_agg(json_build_array(p.scores, p.simulated,
          EXISTS (SELECT 1 FROM flags f WHERE f.option_id = p.id AND f.kind = 'NEEDS_DISCUSSION'),
          (SELECT a.score FROM adjudications a WHERE a.option_id = p.id)) ORDER BY p.position) AS options
      FROM per_option p GROUP BY p.case_id
    )
    SELECT c.id, c.external_id, c.locked_at, s.code,
      ARRAY(SELECT a.status::text FROM assignments a WHERE a.case_id = c.id AND a.status <> 'DECLINED') AS statuses,
      COALESCE(pc.options, '[]') AS options
    FROM cases c JOIN specialties s ON s.id = c.specialty_id LEFT JOIN per_case pc ON pc.case_id = c.id
    WHERE c.id = ANY(${ids})`;
  return rows.map((c) => ({
    id: c.id,
    externalId: c.external_id,
    specialtyCode: c.code,
    lockedAt: c.locked_at,
    assignments: c.statuses.map((status) => ({ status })),
    options: c.options.map(([scores, simulatedRatings, needsDiscussion, adjudicatedScore]) => ({ scores, simulatedRatings, needsDiscussion, adjudicatedScore })),
  }));
}
