import 'server-only';
import type { Db, Tx } from '@/lib/db';
import type { ScoringCase } from '@/lib/evaluations/compute';

type CaseRow = { id: string; external_id: string; code: string; name: string };
type OptionRow = {
  case_id: string; number: number; text: string; category: string; abstraction: string | null; abstraction_type: string | null;
  depends_on: number[]; reference_score: number | null; gold_score: number | null;
};

/**
 * The cases a scoring needs, with each option's reference score and, given a release, its gold score
 * in that release. With a release, only the release's cases; without, every case of the project
 * (uploads are checked against these: a record must name a case of the project and its options).
 */
export async function loadScoringCases(db: Db | Tx, projectId: string, releaseId?: string): Promise<ScoringCase[]> {
  const cases = releaseId
    ? await db.$queryRaw<CaseRow[]>`
        SELECT c.id, c.external_id, s.code, s.name FROM release_cases rc JOIN cases c ON c.id = rc.case_id
        JOIN specialties s ON s.id = c.specialty_id WHERE rc.release_id = ${releaseId} AND c.project_id = ${projectId} ORDER BY c.external_id`
    : await db.$queryRaw<CaseRow[]>`
        SELECT c.id, c.external_id, s.code, s.name FROM cases c JOIN specialties s ON s.id = c.specialty_id
        WHERE c.project_id = ${projectId} ORDER BY c.external_id`;
  const ids = cases.map((c) => c.id);
  const options = await db.$queryRaw<OptionRow[]>`
    SELECT o.case_id, o.number, o.text, o.category, o.abstraction, o.abstraction_type, o.depends_on, o.reference_score,
           ri.gold_score
    FROM options o LEFT JOIN release_items ri ON ri.option_id = o.id AND ri.release_id = ${releaseId ?? null}
    WHERE o.case_id = ANY(${ids}) ORDER BY o.case_id, o.position`;
  const byCase = new Map<string, ScoringCase['options'][number][]>();
  for (const o of options) {
    const list = byCase.get(o.case_id) ?? [];
    list.push({
      id: o.number,
      text: o.text,
      category: o.category,
      abstraction: o.abstraction,
      abstractionType: o.abstraction_type,
      dependsOn: o.depends_on,
      referenceScore: o.reference_score,
      goldScore: o.gold_score,
    });
    byCase.set(o.case_id, list);
  }
  return cases.map((c) => ({ dbId: c.id, caseId: c.external_id, specialty: { code: c.code, name: c.name }, options: byCase.get(c.id) ?? [] }));
}
