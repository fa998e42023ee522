import 'server-only';
import { getDb } from '@/lib/db';
import { canCoordinate, type Role, type SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import { visibleProjects } from '@/lib/projects/membership';

type Actor = Pick<SessionUser, 'id' | 'role'>;

/** Only admins and coordinators work on the people pages. */
export function requireCoordinating(actor: Actor): void {
  if (!canCoordinate(actor.role)) throw new AppError('FORBIDDEN', 'Your role does not allow this.');
}

/**
 * Whom a person may see on the people pages: admins everyone; coordinators the members of the
 * projects they can see (visibleProjects), the people they invited, and themselves. Anyone else
 * answers "not found".
 */
export function visiblePeople(actor: Actor): Prisma.UserWhereInput {
  if (actor.role === 'ADMIN') return {};
  return { OR: [{ id: actor.id }, { memberships: { some: { project: visibleProjects(actor) } } }, { invitations: { some: { kind: 'INVITE', createdById: actor.id } } }] };
}

/**
 * Roles the actor may put in an invitation. A coordinator may invite a new coordinator (into a
 * project they coordinate, or none): a new account takes nobody's place and escalates nobody. Only
 * an admin invites an admin.
 */
export function invitableRoles(actor: Actor): Role[] {
  return actor.role === 'ADMIN' ? ['PHYSICIAN', 'ADJUDICATOR', 'COORDINATOR', 'ADMIN'] : actor.role === 'COORDINATOR' ? ['PHYSICIAN', 'ADJUDICATOR', 'COORDINATOR'] : [];
}

/**
 * Roles the actor may give an existing account. Only admins grant or revoke COORDINATOR or ADMIN:
 * promoting someone who also works on other projects would make them coordinate those.
 */
export function assignableRoles(actor: Actor): Role[] {
  return actor.role === 'ADMIN' ? ['PHYSICIAN', 'ADJUDICATOR', 'COORDINATOR', 'ADMIN'] : actor.role === 'COORDINATOR' ? ['PHYSICIAN', 'ADJUDICATOR'] : [];
}

export function requireInvitable(actor: Actor, role: Role): void {
  if (!invitableRoles(actor).includes(role)) throw new AppError('FORBIDDEN', `Only an admin can grant the ${role.toLowerCase()} role.`);
}

export function requireAssignable(actor: Actor, role: Role): void {
  if (!assignableRoles(actor).includes(role)) throw new AppError('FORBIDDEN', `Only an admin can grant the ${role.toLowerCase()} role.`);
}

export type PersonRef = { id: string; email: string; name: string; role: Role; isActive: boolean; isSimulated: boolean; isDemo: boolean };
const personRefSelect = { id: true, email: true, name: true, role: true, isActive: true, isSimulated: true, isDemo: true } as const;

/** A person the actor may see, or NOT_FOUND (never FORBIDDEN: who exists does not leak). */
export async function requireVisiblePerson(actor: Actor, userId: string): Promise<PersonRef> {
  const person = await getDb().user.findFirst({ where: { AND: [{ id: userId }, visiblePeople(actor)] }, select: personRefSelect });
  if (!person) throw new AppError('NOT_FOUND', 'No such person.');
  return person;
}

/**
 * A person the actor may change (role, specialties, activity, reset link). Admins: anyone (the
 * callers still refuse one's own role and the last active admin). Coordinators: only physicians
 * and adjudicators who are members of at least one project the coordinator can see and of no
 * project the coordinator cannot see. Otherwise a coordinator could take over, lock out or
 * promote someone who also works on another coordinator's project.
 */
export async function requireManageablePerson(actor: Actor, userId: string): Promise<PersonRef> {
  requireCoordinating(actor);
  const person = await requireVisiblePerson(actor, userId);
  if (actor.role === 'ADMIN') return person;
  if (person.role === 'ADMIN') throw new AppError('FORBIDDEN', 'A coordinator cannot change an admin.');
  if (person.id === actor.id) throw new AppError('FORBIDDEN', 'You cannot change your own role or access; ask an admin.');
  if (person.role === 'COORDINATOR') throw new AppError('FORBIDDEN', `${person.name} is a coordinator: only an admin can change a coordinator's role, access or password.`);
  const [inScope, outOfScope] = await Promise.all([
    getDb().projectMember.count({ where: { userId, project: visibleProjects(actor) } }),
    getDb().projectMember.count({ where: { userId, project: { NOT: visibleProjects(actor) } } }),
  ]);
  if (outOfScope > 0) throw new AppError('FORBIDDEN', `${person.name} also works on projects you do not coordinate: ask an admin.`);
  if (inScope === 0) throw new AppError('FORBIDDEN', `${person.name} is not a member of any of your projects; add them to a project first.`);
  return person;
}
