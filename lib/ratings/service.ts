import 'server-only';
import { getDb, setActor, toAppError } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { SessionUser } from '@/lib/auth/roles';
import type { SubmitRatingInput } from '@/lib/ratings/schema';

export type AssignedCaseSummary = {
  caseId: string;
  externalId: string;
  projectName: string;
  specialty: string;
  status: 'ASSIGNED' | 'IN_PROGRESS' | 'COMPLETED' | 'DECLINED';
  rated: number;
  total: number;
  locked: boolean;
};

/** The physician's own assignments with their progress (never anyone else's scores). */
export async function listAssignedCases(options: { user: SessionUser }): Promise<AssignedCaseSummary[]> {
  const assignments = await getDb().assignment.findMany({
    where: { userId: options.user.id, status: { not: 'DECLINED' } },
    orderBy: [{ status: 'asc' }, { assignedAt: 'asc' }],
    select: {
      status: true,
      case: {
        select: {
          id: true,
          externalId: true,
          lockedAt: true,
          project: { select: { name: true } },
          specialty: { select: { name: true } },
          _count: { select: { options: true } },
        },
      },
    },
  });
  const perCase = await getDb().$queryRaw<Array<{ case_id: string; rated: bigint }>>`
    SELECT o.case_id, count(*) AS rated FROM ratings r JOIN options o ON o.id = r.option_id
    WHERE r.user_id = ${options.user.id} GROUP BY o.case_id`;
  const rated = new Map(perCase.map((row) => [row.case_id, Number(row.rated)]));
  return assignments.map(({ status, case: c }) => ({
    caseId: c.id,
    externalId: c.externalId,
    projectName: c.project.name,
    specialty: c.specialty.name,
    status,
    rated: rated.get(c.id) ?? 0,
    total: c._count.options,
    locked: c.lockedAt !== null,
  }));
}

export type CaseForRating = {
  caseId: string;
  externalId: string;
  specialty: string;
  presentation: string;
  locked: boolean;
  options: Array<{ id: string; number: number; text: string; category: string; myScore: number | null }>;
};

/** One assigned case as the physician sees it: no reference score, no other rater's score. */
export async function getCaseForRating(options: { user: SessionUser; caseId: string }): Promise<CaseForRating> {
  const assignment = await getDb().assignment.findFirst({
    where: { caseId: options.caseId, userId: options.user.id, status: { not: 'DECLINED' } },
    select: {
      case: {
        select: {
          id: true,
          externalId: true,
          presentation: true,
          lockedAt: true,
          specialty: { select: { name: true } },
          options: {
            orderBy: { position: 'asc' },
            select: { id: true, number: true, text: true, category: true, ratings: { where: { userId: options.user.id }, select: { score: true } } },
          },
        },
      },
    },
  });
  if (!assignment) throw new AppError('NOT_FOUND', 'This case is not assigned to you.');
  const c = assignment.case;
  return {
    caseId: c.id,
    externalId: c.externalId,
    specialty: c.specialty.name,
    presentation: c.presentation,
    locked: c.lockedAt !== null,
    options: c.options.map((o) => ({ id: o.id, number: o.number, text: o.text, category: o.category, myScore: o.ratings[0]?.score ?? null })),
  };
}

export type SubmitRatingResult = { optionId: string; score: number; rated: number; total: number; completed: boolean };

/**
 * Save one score as soon as it is given. The physician must hold an assignment for the option's
 * case; the database refuses the write if the case is locked (trigger), whatever the UI shows.
 */
export async function submitRating(options: { user: SessionUser } & SubmitRatingInput): Promise<SubmitRatingResult> {
  const { user, optionId, score } = options;
  try {
    return await getDb().$transaction(async (tx) => {
      const option = await tx.option.findUnique({ where: { id: optionId }, select: { caseId: true } });
      // The assignment row stays locked until commit, so a reassignment cannot slip in between.
      const [assignment] = option
        ? await tx.$queryRaw<Array<{ id: string; startedAt: Date | null; completedAt: Date | null }>>`
            SELECT id, started_at AS "startedAt", completed_at AS "completedAt" FROM assignments
            WHERE case_id = ${option.caseId} AND user_id = ${user.id} AND status <> 'DECLINED' FOR UPDATE`
        : [];
      if (!option || !assignment) throw new AppError('NOT_FOUND', 'This option is not in a case assigned to you.');

      await setActor(tx, user.id);
      await tx.rating.upsert({
        where: { optionId_userId: { optionId, userId: user.id } },
        create: { optionId, userId: user.id, score },
        update: { score },
      });
      const [total, rated] = await Promise.all([
        tx.option.count({ where: { caseId: option.caseId } }),
        tx.rating.count({ where: { userId: user.id, option: { caseId: option.caseId } } }),
      ]);
      const completed = rated >= total;
      const now = new Date();
      await tx.assignment.update({
        where: { id: assignment.id },
        data: {
          status: completed ? 'COMPLETED' : 'IN_PROGRESS',
          startedAt: assignment.startedAt ?? now,
          completedAt: completed ? (assignment.completedAt ?? now) : null,
        },
      });
      return { optionId, score, rated, total, completed };
    });
  } catch (error) {
    throw toAppError(error);
  }
}
