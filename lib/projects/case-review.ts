import 'server-only';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { analyzeItem, type ItemAnalysis } from '@/lib/agreement';

export type CaseReview = {
  externalId: string;
  specialty: string;
  presentation: string;
  recommendations: string;
  lockedAt: string | null;
  options: Array<{
    number: number;
    text: string;
    category: string;
    referenceScore: number | null;
    ratings: Array<{ rater: string; isSimulated: boolean; score: number }>;
    analysis: ItemAnalysis;
    flags: Array<{ kind: string; comment: string; rater: string }>;
  }>;
};

/** A case with every rating, for coordinators and adjudicators (never for physicians). */
export async function getCaseReview(options: { slug: string; externalId: string }): Promise<CaseReview> {
  const found = await getDb().case.findFirst({
    where: { externalId: options.externalId, project: { slug: options.slug } },
    select: {
      externalId: true,
      presentation: true,
      recommendations: true,
      lockedAt: true,
      specialty: { select: { name: true } },
      options: {
        orderBy: { position: 'asc' },
        select: {
          number: true,
          text: true,
          category: true,
          referenceScore: true,
          ratings: { orderBy: { createdAt: 'asc' }, select: { score: true, user: { select: { name: true, isSimulated: true } } } },
          flags: { select: { kind: true, comment: true, user: { select: { name: true } } } },
        },
      },
    },
  });
  if (!found) throw new AppError('NOT_FOUND', `no case ${options.externalId} in this project`);
  return {
    externalId: found.externalId,
    specialty: found.specialty.name,
    presentation: found.presentation,
    recommendations: found.recommendations,
    lockedAt: found.lockedAt?.toISOString() ?? null,
    options: found.options.map((o) => ({
      number: o.number,
      text: o.text,
      category: o.category,
      referenceScore: o.referenceScore,
      ratings: o.ratings.map((r) => ({ rater: r.user.name, isSimulated: r.user.isSimulated, score: r.score })),
      analysis: analyzeItem(o.ratings.map((r) => r.score)),
      flags: o.flags.map((f) => ({ kind: f.kind, comment: f.comment, rater: f.user.name })),
    })),
  };
}
