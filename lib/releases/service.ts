import 'server-only';
import { getDb, toAppError } from '@/lib/db';
import { isCaseFullyRated } from '@/lib/assignment/status';
import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { analyzeItem, krippendorffAlpha, median, type Rating } from '@/lib/agreement';
import { describeGoldRule, goldLabel } from '@/lib/gold';
import { readProjectSettings } from '@/lib/projects/settings';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import type { Prisma } from '@/lib/generated/prisma/client';

export type LockResult = { releaseId: string; version: number; cases: string[]; options: number };

/**
 * Lock every fully rated, not yet locked case of the project as the next release version.
 * Gold scores (lib/gold: the adjudicated score, else the median) are frozen with it and the
 * project's gold rule is recorded; from then on the database refuses any change to those cases'
 * ratings and adjudications (triggers `ratings_locked`, `adjudications_locked`).
 */
export async function lockRelease(options: { actorId: string; projectId: string }): Promise<LockResult> {
  try {
    return await getDb().$transaction(
      async (tx) => {
        // One lock at a time per project: a concurrent lock waits here and then sees the new version.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`release:${options.projectId}`}))`;
        // Freeze the open cases first: ratings being written wait for us, or we wait for them
        // (the rating trigger share-locks the case row), so gold scores match what is stored.
        await tx.$queryRaw`SELECT id FROM cases WHERE project_id = ${options.projectId} AND locked_at IS NULL ORDER BY id FOR UPDATE`;
        const project = await tx.project.findUniqueOrThrow({ where: { id: options.projectId }, select: { ratersPerCase: true, settings: true } });
        const goldRule = readProjectSettings(project.settings).goldRule;
        const candidates = await tx.case.findMany({
          where: { projectId: options.projectId, lockedAt: null },
          orderBy: { externalId: 'asc' },
          select: {
            id: true,
            externalId: true,
            assignments: { where: { status: { not: 'DECLINED' } }, select: { status: true } },
            options: {
              select: {
                id: true,
                ratings: { select: { userId: true, score: true } },
                flags: { where: { kind: 'NEEDS_DISCUSSION' }, select: { id: true }, take: 1 },
                adjudication: { select: { score: true } },
              },
            },
          },
        });
        const ready = candidates.filter(
          (c) => isCaseFullyRated(c.assignments, project.ratersPerCase) && c.options.every((o) => o.ratings.length >= project.ratersPerCase),
        );
        if (ready.length === 0) throw new AppError('CONFLICT', 'No fully rated case is waiting to be locked.');

        const items = ready.flatMap((c) =>
          c.options.map((o) => {
            const scores = o.ratings.map((r) => r.score);
            // lib/gold: the adjudicated score where one was recorded, else the median (also for a one-rater project).
            const adjudication = o.adjudication && { score: o.adjudication.score, adjudicator: '', at: '', rationale: '' };
            const gold = goldLabel({ scores, needsDiscussion: o.flags.length > 0, adjudication }, goldRule);
            return { optionId: o.id, goldScore: gold.score ?? median(scores)!, ratingCount: scores.length, disagreement: analyzeItem(scores).disagreement };
          }),
        );
        const ratings: Rating[] = ready.flatMap((c) => c.options.flatMap((o) => o.ratings.map((r) => ({ item: o.id, rater: r.userId, value: r.score, cluster: c.id }))));
        const alpha = krippendorffAlpha(ratings, 'ordinal', { domain: SCALE_DOMAIN });
        const last = await tx.release.findFirst({ where: { projectId: options.projectId }, orderBy: { version: 'desc' }, select: { version: true } });
        const version = (last?.version ?? 0) + 1;
        const summary = {
          cases: ready.length,
          options: items.length,
          ratings: ratings.length,
          raters: new Set(ratings.map((r) => r.rater)).size,
          disagreements: items.filter((i) => i.disagreement).length,
          alphaOrdinal: alpha.value,
        };
        const release = await tx.release.create({
          data: { projectId: options.projectId, version, goldRule: describeGoldRule(goldRule), createdById: options.actorId, summary: summary as Prisma.InputJsonValue },
          select: { id: true },
        });
        await tx.releaseCase.createMany({ data: ready.map((c) => ({ releaseId: release.id, caseId: c.id })) });
        await tx.releaseItem.createMany({ data: items.map((i) => ({ ...i, releaseId: release.id })) });
        await tx.case.updateMany({ where: { id: { in: ready.map((c) => c.id) } }, data: { lockedAt: new Date() } });
        await recordAudit(tx, { actorId: options.actorId, action: 'release.lock', entityType: 'release', entityId: release.id, data: { version, ...summary } });
        return { releaseId: release.id, version, cases: ready.map((c) => c.externalId), options: items.length };
      },
      { timeout: 60_000 },
    );
  } catch (error) {
    throw toAppError(error);
  }
}
