import 'server-only';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { withdrawAssignments } from '@/lib/assignment/service';
import { requireProjectAccess } from '@/lib/projects/membership';

export type ReassignResult = { caseExternalId: string; from: string; to: string[] };

/**
 * Take an open (stalled) assignment back and give the case to another physician of its specialty
 * (least loaded first). The withdrawal and the new assignment are audited in one transaction.
 * Coordinators of the project and admins only: anyone else gets NOT_FOUND.
 */
export async function reassignAssignment(options: { user: SessionUser; assignmentId: string }): Promise<ReassignResult> {
  const { user, assignmentId } = options;
  if (user.role !== 'ADMIN' && user.role !== 'COORDINATOR') throw new AppError('NOT_FOUND', 'No such assignment.');
  const db = getDb();
  const found = await db.assignment.findUnique({
    where: { id: assignmentId },
    select: { status: true, caseId: true, case: { select: { projectId: true, externalId: true, lockedAt: true } }, user: { select: { name: true } } },
  });
  if (!found) throw new AppError('NOT_FOUND', 'No such assignment.');
  await requireProjectAccess(user, found.case.projectId).catch(() => {
    throw new AppError('NOT_FOUND', 'No such assignment.');
  });
  if (found.case.lockedAt) throw new AppError('LOCKED', `${found.case.externalId} is locked in a release.`);
  if (found.status !== 'ASSIGNED' && found.status !== 'IN_PROGRESS') throw new AppError('CONFLICT', `${found.user.name}'s assignment of ${found.case.externalId} is no longer open.`);
  return db.$transaction(async (tx) => {
    const before = new Set((await tx.assignment.findMany({ where: { caseId: found.caseId }, select: { id: true } })).map((a) => a.id));
    const result = await withdrawAssignments(tx, { assignmentIds: [assignmentId], reason: 'REASSIGNED', note: 'stalled', actorId: user.id });
    if (result.withdrawn === 0) throw new AppError('CONFLICT', `${found.user.name}'s assignment of ${found.case.externalId} is no longer open.`);
    const now = await tx.assignment.findMany({ where: { caseId: found.caseId, status: { not: 'DECLINED' } }, select: { id: true, user: { select: { name: true, isSimulated: true } } } });
    const to = now.filter((a) => !before.has(a.id)).map((a) => `${a.user.name}${a.user.isSimulated ? ' (simulated)' : ''}`);
    return { caseExternalId: found.case.externalId, from: found.user.name, to };
  });
}
