import 'server-only';
import { getDb } from '@/lib/db';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';

type Actor = Pick<SessionUser, 'id' | 'role'>;

/** People who share a project with the actor. */
function sharesProjectWith(actor: Actor): Prisma.UserWhereInput {
  return { memberships: { some: { project: { members: { some: { userId: actor.id } } } } } };
}

/**
 * Whom a person may see on the people pages: admins everyone; coordinators the people who share
 * a project with them, the people they invited, and themselves. Anyone else answers "not found".
 */
export function visiblePeople(actor: Actor): Prisma.UserWhereInput {
  if (actor.role === 'ADMIN') return {};
  return { OR: [{ id: actor.id }, sharesProjectWith(actor), { invitations: { some: { kind: 'INVITE', createdById: actor.id } } }] };
}

/** Which roles the actor may grant (invite with or set): only an admin grants ADMIN. */
export function grantableRoles(actor: Actor): Role[] {
  return actor.role === 'ADMIN' ? ['PHYSICIAN', 'ADJUDICATOR', 'COORDINATOR', 'ADMIN'] : actor.role === 'COORDINATOR' ? ['PHYSICIAN', 'ADJUDICATOR', 'COORDINATOR'] : [];
}

export function requireGrantable(actor: Actor, role: Role): void {
  if (!grantableRoles(actor).includes(role)) throw new AppError('FORBIDDEN', `Only an admin can grant the ${role.toLowerCase()} role.`);
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
 * A person the actor may change (role, specialties, activity, reset link): visible, and for a
 * coordinator never an admin and only someone who shares a project with them.
 */
export async function requireManageablePerson(actor: Actor, userId: string): Promise<PersonRef> {
  if (actor.role !== 'ADMIN' && actor.role !== 'COORDINATOR') throw new AppError('FORBIDDEN', 'Your role does not allow this.');
  const person = await requireVisiblePerson(actor, userId);
  if (actor.role === 'ADMIN') return person;
  if (person.role === 'ADMIN') throw new AppError('FORBIDDEN', 'A coordinator cannot change an admin.');
  if (person.id !== actor.id) {
    const shared = await getDb().user.count({ where: { AND: [{ id: userId }, sharesProjectWith(actor)] } });
    if (shared === 0) throw new AppError('FORBIDDEN', `${person.name} is not a member of any of your projects; add them to a project first.`);
  }
  return person;
}
