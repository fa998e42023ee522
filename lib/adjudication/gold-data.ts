import 'server-only';
import { getDb } from '@/lib/db';
import type { GoldInput } from '@/lib/gold';

/** One option of a project with what the gold rule needs, plus where it sits. */
export type OptionGoldData = GoldInput & {
  optionId: string;
  number: number;
  text: string;
  caseId: string;
  caseExternalId: string;
  specialty: string;
  locked: boolean;
};

/** Every option of the project with its scores, "needs discussion" flags and adjudication. */
export async function loadProjectGoldData(projectId: string): Promise<OptionGoldData[]> {
  const options = await getDb().option.findMany({
    where: { case: { projectId } },
    orderBy: [{ case: { externalId: 'asc' } }, { position: 'asc' }],
    select: {
      id: true,
      number: true,
      text: true,
      case: { select: { id: true, externalId: true, lockedAt: true, specialty: { select: { name: true } } } },
      ratings: { select: { score: true } },
      flags: { where: { kind: 'NEEDS_DISCUSSION' }, select: { id: true }, take: 1 },
      adjudication: { select: { score: true, rationale: true, updatedAt: true, adjudicator: { select: { name: true } } } },
    },
  });
  return options.map((o) => ({
    optionId: o.id,
    number: o.number,
    text: o.text,
    caseId: o.case.id,
    caseExternalId: o.case.externalId,
    specialty: o.case.specialty.name,
    locked: o.case.lockedAt !== null,
    scores: o.ratings.map((r) => r.score),
    needsDiscussion: o.flags.length > 0,
    adjudication: o.adjudication
      ? { score: o.adjudication.score, rationale: o.adjudication.rationale, adjudicator: o.adjudication.adjudicator.name, at: o.adjudication.updatedAt.toISOString() }
      : null,
  }));
}
