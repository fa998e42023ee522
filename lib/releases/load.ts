import 'server-only';
import { goldLabel, type GoldLabel } from '@/lib/gold';
import type { GoldRule } from '@/lib/projects/schema';
import type { SqlRead } from '@/lib/releases/sql';
import type { StoredOption } from '@/lib/rubric/format';

/**
 * Cases with everything a release needs of them (assignments, options, ratings, "needs discussion"
 * flags, adjudications), read with one flat query per table, one after the other. Both the lock
 * (inside its transaction) and the archive read through here. Why flat: a nested Prisma select
 * loads sibling relations in parallel, and inside a transaction that means concurrent queries on
 * one connection, which node-postgres deprecates.
 */

export type LoadedRating = { userId: string; score: number; updatedAt: Date; user: { isSimulated: boolean } };
export type LoadedAdjudication = { score: number; rationale: string; adjudicatorId: string; updatedAt: Date };
/** An option's stored columns (lib/rubric/format StoredOption; `extra` as read, not yet typed) with its ratings and notes. */
export type LoadedOption = Omit<StoredOption, 'extra'> & {
  id: string;
  extra: unknown;
  ratings: LoadedRating[];
  /** At most one element: present when some rater flagged the option "needs discussion". */
  flags: Array<{ id: string }>;
  adjudication: LoadedAdjudication | null;
};
export type LoadedCase = {
  id: string;
  externalId: string;
  lockedAt: Date | null;
  presentation: string;
  recommendations: string;
  rubric: unknown;
  specialty: { code: string; name: string };
  /** Live assignments (declined ones left out). */
  assignments: Array<{ status: string }>;
  /** In rubric order (position). */
  options: LoadedOption[];
};

/**
 * What the gold rule reads of an option: its scores, whether some rater flagged it "needs
 * discussion", and its adjudicated score (null: not adjudicated). A loaded option provides it, and
 * so does the Releases page's lean read (readiness-summary.ts), which never loads rating rows.
 */
export type GoldFacts = { scores: readonly number[]; needsDiscussion: boolean; adjudicatedScore: number | null };

/** The gold label of an option's facts under the rule (lib/gold: the adjudicated score where recorded, else the median). */
export function goldOfFacts(f: GoldFacts, goldRule: GoldRule): GoldLabel {
  const adjudication = f.adjudicatedScore === null ? null : { score: f.adjudicatedScore, adjudicator: '', at: '', rationale: '' };
  return goldLabel({ scores: f.scores, needsDiscussion: f.needsDiscussion, adjudication }, goldRule);
}

/** A loaded option's gold facts, from its rating rows. */
export function goldFactsOf(o: LoadedOption): GoldFacts {
  return { scores: o.ratings.map((r) => r.score), needsDiscussion: o.flags.length > 0, adjudicatedScore: o.adjudication?.score ?? null };
}

/** The option's gold label under the rule (lib/gold: the adjudicated score where recorded, else the median). */
export function goldOfOption(o: LoadedOption, goldRule: GoldRule): GoldLabel {
  return goldOfFacts(goldFactsOf(o), goldRule);
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

type CaseRow = { id: string; external_id: string; locked_at: Date | null; presentation: string; recommendations: string; rubric: unknown; code: string; name: string };
type OptionRowDb = {
  id: string; case_id: string; number: number; position: number; text: string; category: string; is_harm_of_inaction: boolean; best_in_group: boolean;
  abstraction: string | null; abstraction_type: string | null; depends_on: number[]; reference_score: number | null; extra: unknown;
};

/**
 * The cases of the given ids, in no particular order. Plain SQL: the
 * rows come back as they are, without Prisma's per-row model layer, which cost most of an export's
 * time and memory (bench:release; the two gave identical cases on the demo and a test project).
 */
export async function loadCases(read: SqlRead, { ids: caseIds }: { ids: string[] }): Promise<LoadedCase[]> {
  const cases = await read<CaseRow>`
    SELECT c.id, c.external_id, c.locked_at, c.presentation, c.recommendations, c.rubric, s.code, s.name
    FROM cases c JOIN specialties s ON s.id = c.specialty_id WHERE c.id = ANY(${caseIds})`;
  const ids = cases.map((c) => c.id);
  const assignments = await read<{ case_id: string; status: string }>`
    SELECT case_id, status::text AS status FROM assignments WHERE case_id = ANY(${ids}) AND status <> 'DECLINED'`;
  const options = await read<OptionRowDb>`
    SELECT id, case_id, number, position, text, category, is_harm_of_inaction, best_in_group, abstraction, abstraction_type, depends_on, reference_score, extra
    FROM options WHERE case_id = ANY(${ids}) ORDER BY position`;
  const ratings = await read<{ option_id: string; user_id: string; score: number; updated_at: Date; is_simulated: boolean }>`
    SELECT r.option_id, r.user_id, r.score, r.updated_at, u.is_simulated
    FROM ratings r JOIN options o ON o.id = r.option_id JOIN users u ON u.id = r.user_id WHERE o.case_id = ANY(${ids})`;
  const flags = await read<{ id: string; option_id: string }>`
    SELECT DISTINCT ON (f.option_id) f.id, f.option_id
    FROM flags f JOIN options o ON o.id = f.option_id WHERE o.case_id = ANY(${ids}) AND f.kind = 'NEEDS_DISCUSSION' ORDER BY f.option_id, f.id`;
  const adjudications = await read<{ option_id: string; score: number; rationale: string; adjudicator_id: string; updated_at: Date }>`
    SELECT a.option_id, a.score, a.rationale, a.adjudicator_id, a.updated_at
    FROM adjudications a JOIN options o ON o.id = a.option_id WHERE o.case_id = ANY(${ids})`;

  const ratingsOf = groupBy(ratings, (r) => r.option_id);
  const flagOf = new Map(flags.map((f) => [f.option_id, { id: f.id }]));
  const adjudicationOf = new Map(adjudications.map((a) => [a.option_id, a]));
  const optionsOf = groupBy(options, (o) => o.case_id);
  const assignmentsOf = groupBy(assignments, (a) => a.case_id);
  return cases.map((c) => ({
    id: c.id,
    externalId: c.external_id,
    lockedAt: c.locked_at,
    presentation: c.presentation,
    recommendations: c.recommendations,
    rubric: c.rubric,
    specialty: { code: c.code, name: c.name },
    assignments: (assignmentsOf.get(c.id) ?? []).map((a) => ({ status: a.status })),
    options: (optionsOf.get(c.id) ?? []).map((o) => {
      const adjudication = adjudicationOf.get(o.id);
      const flag = flagOf.get(o.id);
      return {
        id: o.id,
        number: o.number,
        position: o.position,
        text: o.text,
        category: o.category,
        isHarmOfInaction: o.is_harm_of_inaction,
        bestInGroup: o.best_in_group,
        abstraction: o.abstraction,
        abstractionType: o.abstraction_type,
        dependsOn: o.depends_on,
        referenceScore: o.reference_score,
        extra: o.extra,
        ratings: (ratingsOf.get(o.id) ?? []).map((r) => ({ userId: r.user_id, score: r.score, updatedAt: r.updated_at, user: { isSimulated: r.is_simulated } })),
        flags: flag ? [flag] : [],
        adjudication: adjudication ? { score: adjudication.score, rationale: adjudication.rationale, adjudicatorId: adjudication.adjudicator_id, updatedAt: adjudication.updated_at } : null,
      };
    }),
  }));
}
