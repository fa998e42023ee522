import 'server-only';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import type { GoldInput } from '@/lib/gold';
import { findVisibleProject } from '@/lib/projects/membership';
import type { GoldRule } from '@/lib/projects/schema';
import { getProjectSettings } from '@/lib/projects/settings';

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

/** Per option, compactly: its scores, a "needs discussion" flag (0/1) and the adjudicated score or null. */
export type GoldPreviewRow = [scores: number[], needsDiscussion: 0 | 1, adjudicatedScore: number | null];

/** What the gold rule page needs to recompute the preview in the browser, for a project the user reviews. */
export async function getGoldPreviewData(options: { user: SessionUser; slug: string }): Promise<{ projectId: string; goldRule: GoldRule; rows: GoldPreviewRow[] }> {
  const project = await findVisibleProject(options.user, options.slug);
  const [settings, data] = await Promise.all([getProjectSettings(project.id), loadProjectGoldData(project.id)]);
  return { projectId: project.id, goldRule: settings.goldRule, rows: data.map((o) => [[...o.scores], o.needsDiscussion ? 1 : 0, o.adjudication?.score ?? null]) };
}
