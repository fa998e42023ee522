import 'server-only';
import { getDb } from '@/lib/db';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { assignOpenCases, withdrawAssignments } from '@/lib/assignment/service';
import { AppError } from '@/lib/errors';
import { addProjectMember, removeProjectMember, requireProjectAccess } from '@/lib/projects/membership';
import { requireCoordinating, visiblePeople } from '@/lib/people/scope';

type Actor = Pick<SessionUser, 'id' | 'role'>;

export type MemberRow = { id: string; name: string; email: string; role: Role; specialties: string[]; isActive: boolean; isSimulated: boolean; addedAt: string; openAssignments: number };

/** The members of a project the actor coordinates (admins: any), with role, specialties and open work here. */
export async function listProjectMembers(options: { actor: Actor; projectId: string }): Promise<MemberRow[]> {
  requireCoordinating(options.actor);
  await requireProjectAccess(options.actor, options.projectId);
  const members = await getDb().projectMember.findMany({
    where: { projectId: options.projectId },
    orderBy: [{ user: { role: 'asc' } }, { user: { name: 'asc' } }],
    select: {
      addedAt: true,
      user: {
        select: {
          id: true, name: true, email: true, role: true, isActive: true, isSimulated: true,
          specialties: { select: { specialty: { select: { code: true } } } },
          _count: { select: { assignments: { where: { status: { in: ['ASSIGNED', 'IN_PROGRESS'] }, case: { projectId: options.projectId } } } } },
        },
      },
    },
  });
  return members.map(({ addedAt, user: { specialties, _count, ...u } }) => ({ ...u, specialties: specialties.map((s) => s.specialty.code).sort(), addedAt: addedAt.toISOString(), openAssignments: _count.assignments }));
}

/** People the actor can see who are not members yet, matching a name or email fragment (for the add form). */
export async function findMemberCandidates(options: { actor: Actor; projectId: string; query: string }): Promise<Array<{ id: string; name: string; email: string; role: Role }>> {
  requireCoordinating(options.actor);
  await requireProjectAccess(options.actor, options.projectId);
  const q = options.query.trim().slice(0, 120);
  return getDb().user.findMany({
    where: {
      AND: [
        visiblePeople(options.actor),
        { isSimulated: false, isActive: true, memberships: { none: { projectId: options.projectId } } },
        q ? { OR: [{ email: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }] } : {},
      ],
    },
    orderBy: { name: 'asc' },
    take: 20,
    select: { id: true, name: true, email: true, role: true },
  });
}

/** Add an existing person (whom the actor can see) to the project; a physician takes its waiting cases. */
export async function addMemberToProject(options: { actor: Actor; projectId: string; userId: string }): Promise<{ name: string; added: boolean; assigned: number }> {
  requireCoordinating(options.actor);
  await requireProjectAccess(options.actor, options.projectId);
  const person = await getDb().user.findFirst({ where: { AND: [{ id: options.userId }, visiblePeople(options.actor)] }, select: { id: true, name: true, role: true, isActive: true, isSimulated: true } });
  if (!person) throw new AppError('NOT_FOUND', 'No such person.');
  if (person.isSimulated) throw new AppError('INVALID_INPUT', `${person.name} is a simulated rater; only \`primum simulate\` places them.`);
  return getDb().$transaction(async (tx) => {
    const added = await addProjectMember(tx, { projectId: options.projectId, userId: person.id, actorId: options.actor.id });
    const assigned = added && person.role === 'PHYSICIAN' && person.isActive ? (await assignOpenCases(tx, options.projectId, options.actor.id)).created : 0;
    return { name: person.name, added, assigned };
  });
}

/**
 * Remove a member. A physician's open assignments in this project go back to the pool (reason
 * REASSIGNED, partial scores withdrawn) and are re-assigned; their submitted ratings stay.
 */
export async function removeMemberFromProject(options: { actor: Actor; projectId: string; userId: string }): Promise<{ name: string; withdrawn: number; reassigned: number }> {
  requireCoordinating(options.actor);
  await requireProjectAccess(options.actor, options.projectId);
  return getDb().$transaction(async (tx) => {
    const member = await tx.projectMember.findUnique({ where: { projectId_userId: { projectId: options.projectId, userId: options.userId } }, select: { user: { select: { id: true, name: true, role: true } } } });
    if (!member) throw new AppError('NOT_FOUND', 'This person is not a member of the project.');
    if (member.user.role === 'ADMIN' && options.actor.role !== 'ADMIN') throw new AppError('FORBIDDEN', 'A coordinator cannot remove an admin.');
    // Coordinators cannot lock each other out of a project they share: only an admin removes a coordinator.
    if (member.user.role === 'COORDINATOR' && options.actor.role !== 'ADMIN') throw new AppError('FORBIDDEN', 'Only an admin can remove a coordinator from a project.');
    const open = await tx.assignment.findMany({ where: { userId: member.user.id, status: { in: ['ASSIGNED', 'IN_PROGRESS'] }, case: { projectId: options.projectId } }, select: { id: true } });
    // Re-assignment never hands a withdrawn case back: whoever was on a case is not asked again.
    await removeProjectMember(tx, { projectId: options.projectId, userId: member.user.id, actorId: options.actor.id });
    const result = await withdrawAssignments(tx, { assignmentIds: open.map((a) => a.id), reason: 'REASSIGNED', note: 'removed from the project', actorId: options.actor.id });
    return { name: member.user.name, withdrawn: result.withdrawn, reassigned: result.reassigned };
  });
}
