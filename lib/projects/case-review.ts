import 'server-only';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { analyzeItem, type ItemAnalysis } from '@/lib/agreement';
import { goldLabel, type GoldLabel } from '@/lib/gold';
import { readProjectSettings } from '@/lib/projects/settings';
import { showsRaterNames } from '@/lib/projects/schema';
import { getOptionThreads, type OptionThread } from '@/lib/threads/service';
import { loadRosters, raterLetter } from '@/lib/threads/roster';
import type { Role } from '@/lib/auth/roles';

export type CaseReview = {
  externalId: string;
  specialty: string;
  presentation: string;
  recommendations: string;
  lockedAt: string | null;
  options: Array<{
    id: string;
    number: number;
    text: string;
    category: string;
    referenceScore: number | null;
    /** activeSeconds: the rater's active time on the option over all their saves (null: none recorded). */
    ratings: Array<{ rater: string; isSimulated: boolean; score: number; activeSeconds: number | null }>;
    analysis: ItemAnalysis;
    flags: Array<{ kind: string; rater: string }>;
    comments: Array<{ body: string; rater: string }>;
    /** The gold label under the project's rule and how it was reached (rule or adjudication). */
    gold: GoldLabel;
    thread: OptionThread;
  }>;
};

/**
 * A case with every rating, for coordinators and adjudicators (never for physicians). An
 * adjudicator sees raters as "Rater A/B/C" (the same letters as on the adjudication screen) unless
 * the project shows them names: they judge the arguments, not the people.
 */
export async function getCaseReview(options: { slug: string; externalId: string; viewerRole?: Role }): Promise<CaseReview> {
  const found = await getDb().case.findFirst({
    where: { externalId: options.externalId, project: { slug: options.slug } },
    select: {
      externalId: true,
      presentation: true,
      recommendations: true,
      lockedAt: true,
      project: { select: { settings: true } },
      specialty: { select: { name: true } },
      options: {
        orderBy: { position: 'asc' },
        select: {
          number: true,
          text: true,
          category: true,
          referenceScore: true,
          id: true,
          ratings: { orderBy: { createdAt: 'asc' }, select: { score: true, userId: true, user: { select: { name: true, isSimulated: true } } } },
          flags: { orderBy: { createdAt: 'asc' }, select: { kind: true, userId: true, user: { select: { name: true } } } },
          comments: { orderBy: { createdAt: 'asc' }, select: { body: true, userId: true, user: { select: { name: true } } } },
          adjudication: { select: { score: true, rationale: true, updatedAt: true, adjudicator: { select: { name: true } } } },
        },
      },
    },
  });
  if (!found) throw new AppError('NOT_FOUND', `no case ${options.externalId} in this project`);
  const spent = await getDb().ratingSave.groupBy({
    by: ['optionId', 'userId'],
    where: { optionId: { in: found.options.map((o) => o.id) } },
    _sum: { activeMs: true },
  });
  const activeMs = new Map(spent.map((s) => [`${s.optionId}:${s.userId}`, s._sum.activeMs ?? 0]));
  const { goldRule, showRaterNamesToAdjudicators } = readProjectSettings(found.project.settings);
  const showNames = showsRaterNames(options.viewerRole ?? 'COORDINATOR', { showRaterNamesToAdjudicators });
  const optionIds = found.options.map((o) => o.id);
  const [threads, rosters] = await Promise.all([getOptionThreads({ optionIds, showNames }), showNames ? null : loadRosters(getDb(), optionIds)]);
  const who = (optionId: string, userId: string, name: string): string => {
    if (!rosters) return name;
    const index = rosters.get(optionId)!.findIndex((r) => r.userId === userId);
    return index < 0 ? 'a rater' : raterLetter(index);
  };
  return {
    externalId: found.externalId,
    specialty: found.specialty.name,
    presentation: found.presentation,
    recommendations: found.recommendations,
    lockedAt: found.lockedAt?.toISOString() ?? null,
    options: found.options.map((o) => ({
      id: o.id,
      number: o.number,
      text: o.text,
      category: o.category,
      referenceScore: o.referenceScore,
      ratings: o.ratings.map((r) => {
        const ms = activeMs.get(`${o.id}:${r.userId}`);
        return { rater: who(o.id, r.userId, r.user.name), isSimulated: r.user.isSimulated, score: r.score, activeSeconds: ms === undefined ? null : Math.round(ms / 100) / 10 };
      }),
      analysis: analyzeItem(o.ratings.map((r) => r.score)),
      flags: o.flags.map((f) => ({ kind: f.kind, rater: who(o.id, f.userId, f.user.name) })),
      comments: o.comments.map((c) => ({ body: c.body, rater: who(o.id, c.userId, c.user.name) })),
      gold: goldLabel(
        {
          scores: o.ratings.map((r) => r.score),
          needsDiscussion: o.flags.some((f) => f.kind === 'NEEDS_DISCUSSION'),
          adjudication: o.adjudication && { score: o.adjudication.score, rationale: o.adjudication.rationale, adjudicator: o.adjudication.adjudicator.name, at: o.adjudication.updatedAt.toISOString() },
        },
        goldRule,
      ),
      thread: threads.get(o.id)!,
    })),
  };
}
