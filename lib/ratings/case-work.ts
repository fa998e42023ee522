import 'server-only';
import { getDb, setActor, toAppError, type Tx } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { assignOpenCases } from '@/lib/assignment/service';
import { AppError } from '@/lib/errors';
import type { SessionUser } from '@/lib/auth/roles';
import type { FlagKind } from '@/lib/ratings/service';

/** The physician's live assignment of the option's case, row-locked until commit. */
async function lockAssignmentOfOption(tx: Tx, userId: string, optionId: string) {
  const [row] = await tx.$queryRaw<Array<{ id: string; case_id: string }>>`
    SELECT a.id, a.case_id FROM assignments a JOIN options o ON o.case_id = a.case_id
    WHERE o.id = ${optionId} AND a.user_id = ${userId} AND a.status <> 'DECLINED' FOR UPDATE OF a`;
  if (!row) throw new AppError('NOT_FOUND', 'This option is not in a case assigned to you.');
  return row;
}

async function lockAssignment(tx: Tx, userId: string, caseId: string) {
  const [row] = await tx.$queryRaw<Array<{ id: string; status: string; project_id: string; locked: boolean }>>`
    SELECT a.id, a.status::text, c.project_id, c.locked_at IS NOT NULL AS locked FROM assignments a JOIN cases c ON c.id = a.case_id
    WHERE a.case_id = ${caseId} AND a.user_id = ${userId} AND a.status <> 'DECLINED' FOR UPDATE OF a`;
  if (!row) throw new AppError('NOT_FOUND', 'This case is not assigned to you (or no longer is).');
  return row;
}

async function inTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await getDb().$transaction(work);
  } catch (error) {
    throw toAppError(error);
  }
}

/** Raise or lower one of the physician's flags on an option (audited). */
export async function setFlag(options: { user: SessionUser; optionId: string; kind: FlagKind; on: boolean }): Promise<{ flags: FlagKind[] }> {
  const { user, optionId, kind, on } = options;
  return inTransaction(async (tx) => {
    await lockAssignmentOfOption(tx, user.id, optionId);
    await setActor(tx, user.id);
    const where = { optionId_userId_kind: { optionId, userId: user.id, kind } };
    const existing = await tx.flag.findUnique({ where, select: { id: true } });
    if (on && !existing) {
      await tx.flag.create({ data: { optionId, userId: user.id, kind } });
      await recordAudit(tx, { actorId: user.id, action: 'flag.raise', entityType: 'option', entityId: optionId, data: { kind } });
    } else if (!on && existing) {
      await tx.flag.delete({ where });
      await recordAudit(tx, { actorId: user.id, action: 'flag.lower', entityType: 'option', entityId: optionId, data: { kind } });
    }
    const flags = await tx.flag.findMany({ where: { optionId, userId: user.id }, select: { kind: true } });
    return { flags: flags.map((f) => f.kind) };
  });
}

/** Write, change or remove (empty body) the physician's comment on an option (audited with old and new text). */
export async function setComment(options: { user: SessionUser; optionId: string; body: string }): Promise<{ body: string }> {
  const { user, optionId, body } = options;
  return inTransaction(async (tx) => {
    await lockAssignmentOfOption(tx, user.id, optionId);
    const where = { optionId_userId: { optionId, userId: user.id } };
    const existing = await tx.optionComment.findUnique({ where, select: { body: true } });
    if ((existing?.body ?? '') === body) return { body };
    if (body === '') await tx.optionComment.delete({ where });
    else await tx.optionComment.upsert({ where, create: { optionId, userId: user.id, body }, update: { body } });
    await recordAudit(tx, { actorId: user.id, action: 'comment.set', entityType: 'option', entityId: optionId, data: { old: existing?.body ?? null, new: body || null } });
    return { body };
  });
}

/** "Submit case": only once every option has a score; the case can still be revised until locked. */
export async function submitCase(options: { user: SessionUser; caseId: string }): Promise<{ submitted: true }> {
  const { user, caseId } = options;
  return inTransaction(async (tx) => {
    const assignment = await lockAssignment(tx, user.id, caseId);
    if (assignment.locked) throw new AppError('LOCKED', 'This case is locked by a release; it is already final.');
    const [{ missing }] = await tx.$queryRaw<Array<{ missing: number }>>`
      SELECT count(*)::int AS missing FROM options o
      WHERE o.case_id = ${caseId} AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.option_id = o.id AND r.user_id = ${user.id})`;
    if (missing > 0) throw new AppError('CONFLICT', `${missing} option${missing === 1 ? '' : 's'} still without a score; score every option before submitting.`);
    await tx.assignment.update({ where: { id: assignment.id }, data: { submittedAt: new Date() } });
    await recordAudit(tx, { actorId: user.id, action: 'assignment.submit', entityType: 'assignment', entityId: assignment.id, data: { caseId } });
    return { submitted: true as const };
  });
}

/**
 * Decline a case with a reason. The case goes back to the pool and is offered to another eligible
 * physician at once; this physician is never asked again. Scores already given stay in the
 * history but leave the case's ratings, so the panel stays at its size.
 */
export async function declineCase(options: { user: SessionUser; caseId: string; reason: 'CONFLICT_OF_INTEREST' | 'OUTSIDE_EXPERTISE' | 'OTHER'; note: string }): Promise<{ reassigned: number }> {
  const { user, caseId, reason, note } = options;
  return inTransaction(async (tx) => {
    const assignment = await lockAssignment(tx, user.id, caseId);
    if (assignment.locked) throw new AppError('LOCKED', 'This case is locked by a release; it can no longer be declined.');
    await setActor(tx, user.id);
    const removed = await tx.$executeRaw`DELETE FROM ratings r USING options o WHERE o.id = r.option_id AND o.case_id = ${caseId} AND r.user_id = ${user.id}`;
    await tx.assignment.update({
      where: { id: assignment.id },
      data: { status: 'DECLINED', declinedAt: new Date(), declineReason: reason, declineNote: note || null, submittedAt: null, completedAt: null },
    });
    await recordAudit(tx, { actorId: user.id, action: 'assignment.decline', entityType: 'assignment', entityId: assignment.id, data: { caseId, reason, note, ratingsWithdrawn: removed } });
    const { created } = await assignOpenCases(tx, assignment.project_id, user.id);
    return { reassigned: created };
  });
}
