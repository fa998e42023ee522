import 'server-only';
import type { Db, Tx } from '@/lib/db';
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

/** The cases matching `where` (a project's, or given ids), in no particular order. */
export async function loadCases(db: Db | Tx, where: { projectId: string } | { ids: string[] }): Promise<LoadedCase[]> {
  const caseWhere = 'ids' in where ? { id: { in: where.ids } } : { projectId: where.projectId };
  const cases = await db.case.findMany({
    where: caseWhere,
    select: { id: true, externalId: true, lockedAt: true, presentation: true, recommendations: true, rubric: true, specialty: { select: { code: true, name: true } } },
  });
  const caseIds = cases.map((c) => c.id);
  const assignments = await db.assignment.findMany({ where: { caseId: { in: caseIds }, status: { not: 'DECLINED' } }, select: { caseId: true, status: true } });
  const options = await db.option.findMany({
    where: { caseId: { in: caseIds } },
    orderBy: { position: 'asc' },
    select: {
      id: true, caseId: true, number: true, position: true, text: true, category: true, isHarmOfInaction: true, bestInGroup: true,
      abstraction: true, abstractionType: true, dependsOn: true, referenceScore: true, extra: true,
    },
  });
  const optionFilter = { option: { caseId: { in: caseIds } } };
  const ratings = await db.rating.findMany({ where: optionFilter, select: { optionId: true, userId: true, score: true, updatedAt: true, user: { select: { isSimulated: true } } } });
  const flags = await db.flag.findMany({ where: { ...optionFilter, kind: 'NEEDS_DISCUSSION' }, distinct: ['optionId'], select: { id: true, optionId: true } });
  const adjudications = await db.adjudication.findMany({ where: optionFilter, select: { optionId: true, score: true, rationale: true, adjudicatorId: true, updatedAt: true } });

  const ratingsOf = groupBy(ratings, (r) => r.optionId);
  const flagOf = new Map(flags.map((f) => [f.optionId, { id: f.id }]));
  const adjudicationOf = new Map(adjudications.map((a) => [a.optionId, a]));
  const optionsOf = groupBy(options, (o) => o.caseId);
  const assignmentsOf = groupBy(assignments, (a) => a.caseId);
  return cases.map((c) => ({
    ...c,
    assignments: (assignmentsOf.get(c.id) ?? []).map((a) => ({ status: a.status })),
    options: (optionsOf.get(c.id) ?? []).map(({ caseId: _caseId, ...o }) => {
      const adjudication = adjudicationOf.get(o.id);
      const flag = flagOf.get(o.id);
      return {
        ...o,
        ratings: (ratingsOf.get(o.id) ?? []).map(({ optionId: _optionId, ...r }) => r),
        flags: flag ? [flag] : [],
        adjudication: adjudication ? { score: adjudication.score, rationale: adjudication.rationale, adjudicatorId: adjudication.adjudicatorId, updatedAt: adjudication.updatedAt } : null,
      };
    }),
  }));
}
