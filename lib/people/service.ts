import 'server-only';
import { getDb } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { withdrawAssignments } from '@/lib/assignment/service';
import { AppError } from '@/lib/errors';
import { visibleProjects } from '@/lib/projects/membership';
import { requireAssignable, requireManageablePerson, visiblePeople } from '@/lib/people/scope';
import type { PeopleFilter } from '@/lib/people/schema';
import { SPECIALTIES } from '@/lib/specialties';
import { assignInProjects, requireAnotherActiveAdmin, setUserActive, type ActiveChange, type ProjectScope } from '@/lib/users/service';

type Actor = Pick<SessionUser, 'id' | 'role'>;

/** Where the actor's changes may hand out waiting cases: an admin every project, a coordinator the projects they can see. */
async function assignmentScope(actor: Actor): Promise<ProjectScope> {
  if (actor.role === 'ADMIN') return 'all';
  return (await getDb().project.findMany({ where: visibleProjects(actor), select: { id: true } })).map((p) => p.id);
}

export type PersonRow = { id: string; name: string; email: string; role: Role; specialties: string[]; projects: Array<{ slug: string; name: string }>; isActive: boolean; isDemo: boolean; isSimulated: boolean };

/** The people list: admins everyone, coordinators those who share a project with them (or whom they invited). */
export async function listPeople(options: { actor: Actor; filter?: PeopleFilter }): Promise<PersonRow[]> {
  const f = options.filter ?? {};
  const users = await getDb().user.findMany({
    where: {
      AND: [
        visiblePeople(options.actor),
        f.role ? { role: f.role } : {},
        f.specialty ? { specialties: { some: { specialty: { code: f.specialty } } } } : {},
        f.status ? { isActive: f.status === 'active' } : {},
        f.q ? { OR: [{ email: { contains: f.q, mode: 'insensitive' } }, { name: { contains: f.q, mode: 'insensitive' } }] } : {},
      ],
    },
    orderBy: [{ isSimulated: 'asc' }, { name: 'asc' }, { email: 'asc' }],
    take: 1000,
    select: {
      id: true, name: true, email: true, role: true, isActive: true, isDemo: true, isSimulated: true,
      specialties: { select: { specialty: { select: { code: true } } } },
      memberships: { where: { project: visibleProjects(options.actor) }, select: { project: { select: { slug: true, name: true } } }, orderBy: { project: { name: 'asc' } } },
    },
  });
  return users.map(({ specialties, memberships, ...u }) => ({ ...u, specialties: specialties.map((s) => s.specialty.code).sort(), projects: memberships.map((m) => m.project) }));
}

/**
 * Set a person's role and specialties (audited with old and new). A coordinator changes only
 * physicians and adjudicators wholly inside their projects, and only between those two roles
 * (lib/people/scope.ts); nobody changes their own role or demotes the last active admin. A
 * physician who becomes something else gives open assignments back (REASSIGNED, re-assigned).
 */
export async function setPersonRole(options: { actor: Actor; userId: string; role: Role; specialties: string[] }): Promise<{ changed: boolean; assigned: number; withdrawn: number }> {
  const person = await requireManageablePerson(options.actor, options.userId);
  if (person.isSimulated) throw new AppError('INVALID_INPUT', `${person.name} is a simulated rater; its role cannot change.`);
  if (options.role !== person.role) {
    if (person.id === options.actor.id) throw new AppError('FORBIDDEN', 'You cannot change your own role; ask another admin.');
    requireAssignable(options.actor, options.role);
  }
  if (options.role === 'PHYSICIAN' && options.specialties.length === 0) throw new AppError('INVALID_INPUT', 'A physician needs at least one specialty.', { field: 'specialties' });
  const specialties = [...new Set(options.specialties)].sort();
  const scope = await assignmentScope(options.actor);
  return getDb().$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: person.id }, select: { role: true, isActive: true, specialties: { select: { specialty: { select: { code: true } } } } } });
    const oldSpecialties = before.specialties.map((s) => s.specialty.code).sort();
    if (before.role === options.role && oldSpecialties.join() === specialties.join()) return { changed: false, assigned: 0, withdrawn: 0 };
    if (before.role === 'ADMIN' && options.role !== 'ADMIN' && before.isActive) await requireAnotherActiveAdmin(tx, person.id);
    const ids = [];
    for (const code of specialties) {
      const known = SPECIALTIES.find((s) => s.code === code)!;
      ids.push((await tx.specialty.upsert({ where: { code }, create: known, update: {}, select: { id: true } })).id);
    }
    await tx.userSpecialty.deleteMany({ where: { userId: person.id } });
    if (ids.length) await tx.userSpecialty.createMany({ data: ids.map((specialtyId) => ({ userId: person.id, specialtyId })) });
    await tx.user.update({ where: { id: person.id }, data: { role: options.role } });
    await recordAudit(tx, {
      actorId: options.actor.id, action: 'user.role.set', entityType: 'user', entityId: person.id,
      data: { email: person.email, old: { role: before.role, specialties: oldSpecialties }, new: { role: options.role, specialties } },
    });
    // Only physicians rate: someone who stops being one gives their open cases back to the pool.
    let withdrawn = 0;
    if (before.role === 'PHYSICIAN' && options.role !== 'PHYSICIAN') {
      const open = await tx.assignment.findMany({ where: { userId: person.id, status: { in: ['ASSIGNED', 'IN_PROGRESS'] } }, select: { id: true } });
      withdrawn = (await withdrawAssignments(tx, { assignmentIds: open.map((a) => a.id), reason: 'REASSIGNED', note: `role changed to ${options.role.toLowerCase()}`, actorId: options.actor.id })).withdrawn;
    }
    // A physician with a new specialty can take that specialty's waiting cases at once, in the
    // projects the actor can see (the withdrawal above is everywhere: they no longer rate).
    const assigned = options.role === 'PHYSICIAN' && before.isActive ? await assignInProjects(tx, scope, options.actor.id) : 0;
    return { changed: true, assigned, withdrawn };
  });
}

/** Deactivate or reactivate someone the actor manages (never themselves); see setUserActive. */
export async function setPersonActive(options: { actor: Actor; userId: string; isActive: boolean }): Promise<ActiveChange> {
  const person = await requireManageablePerson(options.actor, options.userId);
  if (person.id === options.actor.id) throw new AppError('FORBIDDEN', 'You cannot deactivate or reactivate yourself.');
  return setUserActive({ actorId: options.actor.id, userId: person.id, isActive: options.isActive, assignIn: await assignmentScope(options.actor) });
}
