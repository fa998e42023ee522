import 'server-only';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { SessionUser } from '@/lib/auth/roles';
import { FLAG_KINDS } from '@/lib/ratings/schema';
import { readProjectSettings } from '@/lib/projects/settings';
import { getRepliesToUser, type ReplyToMe } from '@/lib/threads/service';

export { saveRating, submitRating, type SaveRatingResult, type SubmitRatingResult } from '@/lib/ratings/save';

export type AssignmentState = 'ASSIGNED' | 'IN_PROGRESS' | 'COMPLETED' | 'DECLINED';

export type AssignedCaseSummary = {
  caseId: string;
  externalId: string;
  projectName: string;
  specialty: string;
  status: AssignmentState;
  rated: number;
  total: number;
  locked: boolean;
  submitted: boolean;
};

export type RemovedCase = { caseId: string; externalId: string; projectName: string; why: 'declined' | 'reassigned'; when: string; reason: string | null };

export type MyWork = {
  inProgress: AssignedCaseSummary[];
  toDo: AssignedCaseSummary[];
  completed: AssignedCaseSummary[];
  /** Cases that left this physician's list (declined, or handed to someone else), newest first. */
  removed: RemovedCase[];
};

const caseSummarySelect = {
  id: true,
  externalId: true,
  lockedAt: true,
  project: { select: { name: true } },
  specialty: { select: { name: true } },
  _count: { select: { options: true } },
} as const;

/**
 * The physician's own work, grouped the way they work through it: in progress first, then to do,
 * then completed (never anyone else's scores).
 */
export async function getMyWork(options: { user: SessionUser }): Promise<MyWork> {
  const userId = options.user.id;
  const db = getDb();
  const [assignments, perCase, handedOver] = await Promise.all([
    db.assignment.findMany({
      where: { userId },
      orderBy: [{ assignedAt: 'asc' }],
      select: { status: true, submittedAt: true, declinedAt: true, declineReason: true, case: { select: caseSummarySelect } },
    }),
    db.$queryRaw<Array<{ case_id: string; rated: bigint }>>`
      SELECT o.case_id, count(*) AS rated FROM ratings r JOIN options o ON o.id = r.option_id
      WHERE r.user_id = ${userId} GROUP BY o.case_id`,
    // Assignments handed to another rater keep no trace on the assignment row: the audit has it.
    db.$queryRaw<Array<{ case_id: string; created_at: Date }>>`
      SELECT DISTINCT ON (a.case_id) a.case_id, e.created_at FROM audit_events e
      CROSS JOIN LATERAL jsonb_array_elements(e.data -> 'moved') m
      JOIN assignments a ON a.id = m ->> 'assignment'
      WHERE e.action = 'assignments.hand-to-simulated' AND m ->> 'from' = ${userId}
      ORDER BY a.case_id, e.created_at DESC`,
  ]);
  const rated = new Map(perCase.map((row) => [row.case_id, Number(row.rated)]));
  const work: MyWork = { inProgress: [], toDo: [], completed: [], removed: [] };
  for (const a of assignments) {
    const c = a.case;
    if (a.status === 'DECLINED') {
      // Withdrawn by a coordinator (stalled work, deactivation) is not the physician's own decline.
      const byCoordinators = a.declineReason === 'REASSIGNED' || a.declineReason === 'DEACTIVATED';
      work.removed.push({
        caseId: c.id,
        externalId: c.externalId,
        projectName: c.project.name,
        why: byCoordinators ? 'reassigned' : 'declined',
        when: (a.declinedAt ?? new Date(0)).toISOString(),
        reason: byCoordinators ? null : a.declineReason,
      });
      continue;
    }
    const summary: AssignedCaseSummary = {
      caseId: c.id,
      externalId: c.externalId,
      projectName: c.project.name,
      specialty: c.specialty.name,
      status: a.status,
      rated: rated.get(c.id) ?? 0,
      total: c._count.options,
      locked: c.lockedAt !== null,
      submitted: a.submittedAt !== null,
    };
    if (summary.locked || summary.submitted) work.completed.push(summary);
    else if (summary.rated > 0) work.inProgress.push(summary);
    else work.toDo.push(summary);
  }
  const mine = new Set(assignments.map((a) => a.case.id));
  const gone = handedOver.filter((h) => !mine.has(h.case_id));
  if (gone.length > 0) {
    const cases = await db.case.findMany({ where: { id: { in: gone.map((g) => g.case_id) } }, select: { id: true, externalId: true, project: { select: { name: true } } } });
    const when = new Map(gone.map((g) => [g.case_id, g.created_at.toISOString()]));
    for (const c of cases) work.removed.push({ caseId: c.id, externalId: c.externalId, projectName: c.project.name, why: 'reassigned', when: when.get(c.id)!, reason: null });
  }
  work.removed.sort((a, b) => b.when.localeCompare(a.when));
  return work;
}

/** The physician's assignments as one list (in progress, to do, completed). */
export async function listAssignedCases(options: { user: SessionUser }): Promise<AssignedCaseSummary[]> {
  const work = await getMyWork(options);
  return [...work.inProgress, ...work.toDo, ...work.completed];
}

export type FlagKind = (typeof FLAG_KINDS)[number];

export type OptionForRating = {
  id: string;
  number: number;
  text: string;
  category: string;
  myScore: number | null;
  myFlags: FlagKind[];
  myComment: string;
  /** Coordinators' and adjudicators' replies addressed to this physician (never anyone else's). */
  repliesToMe: ReplyToMe[];
};

export type CaseForRating = {
  caseId: string;
  externalId: string;
  specialty: string;
  presentation: string;
  /** The answering specialist's recommendation: only when the project's settings show it. */
  recommendations: string | null;
  locked: boolean;
  submitted: boolean;
  /** The next case of this physician still to finish, for "n". */
  nextCaseId: string | null;
  options: OptionForRating[];
};

/**
 * One assigned case as the physician sees it: their own scores, flags and comments only; no
 * reference score, no other rater's anything.
 */
export async function getCaseForRating(options: { user: SessionUser; caseId: string }): Promise<CaseForRating> {
  const userId = options.user.id;
  const assignment = await getDb().assignment.findFirst({
    where: { caseId: options.caseId, userId, status: { not: 'DECLINED' } },
    select: {
      submittedAt: true,
      case: {
        select: {
          id: true,
          externalId: true,
          presentation: true,
          recommendations: true,
          lockedAt: true,
          project: { select: { settings: true } },
          specialty: { select: { name: true } },
          options: {
            orderBy: { position: 'asc' },
            select: {
              id: true,
              number: true,
              text: true,
              category: true,
              ratings: { where: { userId }, select: { score: true } },
              flags: { where: { userId }, select: { kind: true } },
              comments: { where: { userId }, select: { body: true } },
            },
          },
        },
      },
    },
  });
  if (!assignment) throw new AppError('NOT_FOUND', 'This case is not assigned to you (or no longer is).');
  const c = assignment.case;
  const [next, replies] = await Promise.all([getMyWork(options), getRepliesToUser(userId, c.options.map((o) => o.id))]);
  const nextCase = [...next.inProgress, ...next.toDo].find((w) => w.caseId !== c.id && !w.locked);
  return {
    caseId: c.id,
    externalId: c.externalId,
    specialty: c.specialty.name,
    presentation: c.presentation,
    recommendations: readProjectSettings(c.project.settings).showRecommendationsToRaters ? c.recommendations : null,
    locked: c.lockedAt !== null,
    submitted: assignment.submittedAt !== null,
    nextCaseId: nextCase?.caseId ?? null,
    options: c.options.map((o) => ({
      id: o.id,
      number: o.number,
      text: o.text,
      category: o.category,
      myScore: o.ratings[0]?.score ?? null,
      myFlags: FLAG_KINDS.filter((k) => o.flags.some((f) => f.kind === k)),
      myComment: o.comments[0]?.body ?? '',
      repliesToMe: replies.get(o.id) ?? [],
    })),
  };
}
