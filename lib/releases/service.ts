import 'server-only';
import { getDb, toAppError, type Db, type Tx } from '@/lib/db';
import { isCaseFullyRated } from '@/lib/assignment/status';
import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { requireProjectAccess } from '@/lib/projects/membership';
import type { SessionUser } from '@/lib/auth/roles';
import { analyzeItem, krippendorffAlpha, median, type Rating } from '@/lib/agreement';
import { describeGoldRule, goldLabel } from '@/lib/gold';
import { readProjectSettings } from '@/lib/projects/settings';
import type { GoldRule } from '@/lib/projects/schema';
import { SCALE_DOMAIN } from '@/lib/ratings/scale';
import type { Prisma } from '@/lib/generated/prisma/client';

export type HeldBackCase = { caseExternalId: string; awaiting: number; reason: string };
export type LockResult = { releaseId: string; version: number; cases: string[]; options: number; heldBack: HeldBackCase[] };
export type LockReadiness = { ready: string[]; heldBack: HeldBackCase[] };

const candidateSelect = {
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
} satisfies Prisma.CaseSelect;
type Candidate = Prisma.CaseGetPayload<{ select: typeof candidateSelect }>;
type CandidateOption = Candidate['options'][number];

function goldOf(o: CandidateOption, goldRule: GoldRule) {
  // lib/gold: the adjudicated score where one was recorded, else the median (also for a one-rater project).
  const adjudication = o.adjudication && { score: o.adjudication.score, adjudicator: '', at: '', rationale: '' };
  return goldLabel({ scores: o.ratings.map((r) => r.score), needsDiscussion: o.flags.length > 0, adjudication }, goldRule);
}

export function heldBackReason(caseExternalId: string, awaiting: number): string {
  return `${caseExternalId}: ${awaiting} ${awaiting === 1 ? 'option awaits' : 'options await'} adjudication`;
}

/**
 * Which open cases a lock would take: fully rated (every live assignment done, every option rated by
 * the project's raters per case) and with no option awaiting adjudication under the project's gold
 * rule. A fully rated case with such an option is held back, with the reason: locking it would freeze
 * an option without its gold label and the lock trigger would refuse the adjudication forever.
 * (An override with a reason belongs to the release workflow, issue #9.)
 */
function classify(candidates: Candidate[], ratersPerCase: number, goldRule: GoldRule): { ready: Candidate[]; heldBack: HeldBackCase[] } {
  const ready: Candidate[] = [];
  const heldBack: HeldBackCase[] = [];
  for (const c of candidates) {
    if (!isCaseFullyRated(c.assignments, ratersPerCase) || !c.options.every((o) => o.ratings.length >= ratersPerCase)) continue;
    const awaiting = c.options.filter((o) => goldOf(o, goldRule).needsAdjudication).length;
    if (awaiting > 0) heldBack.push({ caseExternalId: c.externalId, awaiting, reason: heldBackReason(c.externalId, awaiting) });
    else ready.push(c);
  }
  return { ready, heldBack };
}

async function loadCandidates(db: Db | Tx, projectId: string) {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { ratersPerCase: true, settings: true } });
  const goldRule = readProjectSettings(project.settings).goldRule;
  const candidates = await db.case.findMany({ where: { projectId, lockedAt: null }, orderBy: { externalId: 'asc' }, select: candidateSelect });
  return { goldRule, ...classify(candidates, project.ratersPerCase, goldRule) };
}

/** What the lock form shows before locking: the cases a lock would take now, and those held back and why. */
export async function getLockReadiness(projectId: string): Promise<LockReadiness> {
  const { ready, heldBack } = await loadCandidates(getDb(), projectId);
  return { ready: ready.map((c) => c.externalId), heldBack };
}

/**
 * Lock every fully rated, not yet locked case of the project that has no option awaiting
 * adjudication (see `classify`) as the next release version; the result names the cases held back.
 * Gold scores (lib/gold: the adjudicated score, else the median) are frozen with it and the
 * project's gold rule is recorded; from then on the database refuses any change to those cases'
 * ratings and adjudications (triggers `ratings_locked`, `adjudications_locked`).
 */
/** A lock from the web: refused (NOT_FOUND, nothing locked) outside the projects `user` may see. */
export async function lockReleaseAs(user: SessionUser, projectId: string): Promise<LockResult> {
  await requireProjectAccess(user, projectId);
  return lockRelease({ actorId: user.id, projectId });
}

export async function lockRelease(options: { actorId: string; projectId: string }): Promise<LockResult> {
  try {
    return await getDb().$transaction(
      async (tx) => {
        // One lock at a time per project: a concurrent lock waits here and then sees the new version.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`release:${options.projectId}`}))`;
        // Freeze the open cases first: ratings being written wait for us, or we wait for them
        // (the rating trigger share-locks the case row), so gold scores match what is stored.
        // Adjudications share-lock the case too, so none lands between this check and the lock.
        await tx.$queryRaw`SELECT id FROM cases WHERE project_id = ${options.projectId} AND locked_at IS NULL ORDER BY id FOR UPDATE`;
        const { goldRule, ready, heldBack } = await loadCandidates(tx, options.projectId);
        if (ready.length === 0) {
          throw new AppError(
            'CONFLICT',
            heldBack.length > 0
              ? `No case can be locked: every fully rated case has options awaiting adjudication (${heldBack.map((h) => h.reason).join('; ')}).`
              : 'No fully rated case is waiting to be locked.',
          );
        }

        const items = ready.flatMap((c) =>
          c.options.map((o) => {
            const scores = o.ratings.map((r) => r.score);
            const gold = goldOf(o, goldRule);
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
        await recordAudit(tx, { actorId: options.actorId, action: 'release.lock', entityType: 'release', entityId: release.id, data: { version, ...summary, heldBack } });
        return { releaseId: release.id, version, cases: ready.map((c) => c.externalId), options: items.length, heldBack };
      },
      { timeout: 60_000 },
    );
  } catch (error) {
    throw toAppError(error);
  }
}
