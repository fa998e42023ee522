import 'server-only';
import { createHash } from 'node:crypto';
import type { Tx } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { setActor } from '@/lib/db';
import { addProjectMember } from '@/lib/projects/membership';

export type WaitingCase = { caseId: string; externalId: string; specialty: string; have: number; need: number };

/** A stable pseudo-random tie-break, so equal loads do not always favour the same physician. */
function tieBreak(caseId: string, userId: string): string {
  return createHash('sha256').update(`${caseId}:${userId}`).digest('hex');
}

/**
 * Give every unlocked case of the project enough physicians of its specialty (`ratersPerCase`),
 * picking the least-loaded physicians first. Cases that cannot be filled wait, and are returned.
 */
export async function assignOpenCases(
  tx: Tx,
  projectId: string,
  actorId: string | null = null,
  /** Only `primum simulate` lets simulated physicians take cases; real studies never get them. */
  options: { includeSimulated?: boolean } = {},
): Promise<{ created: number; waiting: WaitingCase[] }> {
  // One assignment run per project at a time (imports, new physicians, simulation may overlap).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`assign:${projectId}`}))`;
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { ratersPerCase: true, isDemo: true } });
  const cases = await tx.case.findMany({
    where: { projectId, lockedAt: null },
    orderBy: { externalId: 'asc' },
    select: {
      id: true,
      externalId: true,
      specialtyId: true,
      specialty: { select: { code: true } },
      assignments: { select: { userId: true, status: true } },
    },
  });
  const physicians = await tx.user.findMany({
    // Demo logins (published password) rate only the demo, and real physicians never get its
    // fictional cases; simulated physicians go wherever `primum simulate` sends them.
    where: { role: 'PHYSICIAN', isActive: true, OR: [{ isSimulated: false, isDemo: project.isDemo }, ...(options.includeSimulated ? [{ isSimulated: true }] : [])] },
    select: { id: true, specialties: { select: { specialtyId: true } }, _count: { select: { assignments: { where: { case: { projectId }, status: { not: 'DECLINED' } } } } } },
  });
  // Physicians a coordinator removed from the project (and did not add back) are never assigned here again.
  const removed = new Set(
    (
      await tx.$queryRaw<Array<{ user_id: string }>>`
        SELECT user_id FROM (
          SELECT DISTINCT ON (data ->> 'userId') data ->> 'userId' AS user_id, action FROM audit_events
          WHERE entity_type = 'project' AND entity_id = ${projectId} AND action IN ('project.member.add', 'project.member.remove')
          ORDER BY data ->> 'userId', id DESC
        ) latest WHERE action = 'project.member.remove'`
    ).map((r) => r.user_id),
  );
  const load = new Map(physicians.map((p) => [p.id, p._count.assignments]));

  const made: Array<{ case: string; user: string }> = [];
  const waiting: WaitingCase[] = [];
  for (const item of cases) {
    const active = item.assignments.filter((a) => a.status !== 'DECLINED').length;
    // Whoever was ever on the case (including who declined it) is not asked again.
    const excluded = new Set(item.assignments.map((a) => a.userId));
    const missing = project.ratersPerCase - active;
    if (missing <= 0) continue;
    const chosen = physicians
      .filter((p) => !excluded.has(p.id) && !removed.has(p.id) && p.specialties.some((s) => s.specialtyId === item.specialtyId))
      .sort((a, b) => load.get(a.id)! - load.get(b.id)! || tieBreak(item.id, a.id).localeCompare(tieBreak(item.id, b.id)))
      .slice(0, missing);
    if (chosen.length > 0) {
      await tx.assignment.createMany({ data: chosen.map((p) => ({ caseId: item.id, userId: p.id })) });
      for (const p of chosen) {
        load.set(p.id, load.get(p.id)! + 1);
        made.push({ case: item.externalId, user: p.id });
      }
    }
    const have = active + chosen.length;
    if (have < project.ratersPerCase) waiting.push({ caseId: item.id, externalId: item.externalId, specialty: item.specialty.code, have, need: project.ratersPerCase });
  }
  if (made.length > 0) await recordAudit(tx, { actorId, action: 'assignments.create', entityType: 'project', entityId: projectId, data: { assignments: made } });
  // A physician works on the projects whose cases they hold: they become members.
  for (const userId of new Set(made.map((m) => m.user))) await addProjectMember(tx, { projectId, userId, actorId });
  return { created: made.length, waiting };
}

export type WithdrawReason = 'REASSIGNED' | 'DEACTIVATED';

/**
 * Take open assignments (assigned or in progress, case not locked) back from their physicians and
 * give the cases to others. Scores the physician had given on those cases are withdrawn (the
 * history keeps them, attributed to `actorId`); completed assignments and their ratings stay.
 * Returns how many were withdrawn and how many new assignments were made.
 */
export async function withdrawAssignments(
  tx: Tx,
  options: { assignmentIds: string[]; reason: WithdrawReason; note?: string; actorId: string | null },
): Promise<{ withdrawn: number; reassigned: number; projects: string[] }> {
  if (options.assignmentIds.length === 0) return { withdrawn: 0, reassigned: 0, projects: [] };
  const open = await tx.$queryRaw<Array<{ id: string; case_id: string; user_id: string; project_id: string }>>`
    SELECT a.id, a.case_id, a.user_id, c.project_id FROM assignments a JOIN cases c ON c.id = a.case_id
    WHERE a.id = ANY(${options.assignmentIds}) AND a.status IN ('ASSIGNED', 'IN_PROGRESS') AND c.locked_at IS NULL
    ORDER BY a.id FOR UPDATE OF a`;
  if (options.actorId) await setActor(tx, options.actorId);
  for (const a of open) {
    const removed = await tx.$executeRaw`DELETE FROM ratings r USING options o WHERE o.id = r.option_id AND o.case_id = ${a.case_id} AND r.user_id = ${a.user_id}`;
    await tx.assignment.update({
      where: { id: a.id },
      data: { status: 'DECLINED', declinedAt: new Date(), declineReason: options.reason, declineNote: options.note || null, submittedAt: null, completedAt: null },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: 'assignment.withdraw',
      entityType: 'assignment',
      entityId: a.id,
      data: { caseId: a.case_id, userId: a.user_id, reason: options.reason, note: options.note ?? '', ratingsWithdrawn: removed },
    });
  }
  let reassigned = 0;
  const projects = [...new Set(open.map((a) => a.project_id))];
  for (const projectId of projects) reassigned += (await assignOpenCases(tx, projectId, options.actorId)).created;
  return { withdrawn: open.length, reassigned, projects };
}
