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
 * case with its options packed as one JSON array in rubric order (a row per option cost more to
 * decode than the rules cost to apply).
 */
export async function loadCaseSummaries(read: SqlRead, { ids }: { ids: string[] }): Promise<CaseSummary[]> {
  const rows = await read<SummaryRow>`
    SELECT c.id, c.external_id, c.locked_at, s.code,
      ARRAY(SELECT a.status::text FROM assignments a WHERE a.case_id = c.id AND a.status <> 'DECLINED') AS statuses,
      (SELECT COALESCE(json_agg(json_build_array(COALESCE(r.scores, '{}'), r.simulated, EXISTS (
          SELECT 1 FROM flags f WHERE f.option_id = o.id AND f.kind = 'NEEDS_DISCUSSION'), a.score) ORDER BY o.position), '[]')
        FROM options o
        CROSS JOIN LATERAL (
          SELECT array_agg(r.score) AS scores, (count(*) FILTER (WHERE u.is_simulated))::int AS simulated
          FROM ratings r JOIN users u ON u.id = r.user_id WHERE r.option_id = o.id
        ) r
        LEFT JOIN adjudications a ON a.option_id = o.id
        WHERE o.case_id = c.id) AS options
    FROM cases c JOIN specialties s ON s.id = c.specialty_id WHERE c.id = ANY(${ids})`;
  return rows.map((c) => ({
    id: c.id,
    externalId: c.external_id,
    specialtyCode: c.code,
    lockedAt: c.locked_at,
    assignments: c.statuses.map((status) => ({ status })),
    options: c.options.map(([scores, simulatedRatings, needsDiscussion, adjudicatedScore]) => ({ scores, simulatedRatings, needsDiscussion, adjudicatedScore })),
  }));
}
