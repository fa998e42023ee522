import 'server-only';
import { getDb, type Tx } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import { AppError } from '@/lib/errors';
import { addProjectMember } from '@/lib/projects/membership';
import { assignOpenCases, withdrawAssignments } from '@/lib/assignment/service';
import { SPECIALTIES } from '@/lib/specialties';
import { createUserSchema, type CreateUserInput } from '@/lib/users/schema';

/** Which projects an assignment run covers: every project, or the ones named. */
export type ProjectScope = 'all' | string[];

/**
 * Give waiting cases to physicians who can now take them (new, reactivated, new specialty), in
 * the projects named ('all': every project, oldest first). The one loop used by the people pages,
 * invitations and the command line; a coordinator's actions pass only the projects they can see,
 * so nothing happens on a project outside their scope in their name. Returns how many were made.
 */
export async function assignInProjects(tx: Tx, projects: ProjectScope, actorId: string | null): Promise<number> {
  const rows = await tx.project.findMany({ where: projects === 'all' ? {} : { id: { in: projects } }, select: { id: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  let created = 0;
  for (const project of rows) created += (await assignOpenCases(tx, project.id, actorId)).created;
  return created;
}

/** Create a user with a role and specialties (argon2id password hash). */
export async function createUser(options: { actorId: string | null; input: CreateUserInput }): Promise<{ id: string; email: string }> {
  const parsed = createUserSchema.safeParse(options.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `${issue.path.join('.') || 'input'}: expected ${issue.message}`);
  }
  const { password, specialties, projects, ...user } = parsed.data;
  const passwordHash = await hashPassword(password);
  return getDb().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: user.email }, select: { id: true } })) {
      throw new AppError('CONFLICT', `a user with email ${user.email} already exists`);
    }
    const specialtyIds = [];
    for (const code of specialties) {
      const known = SPECIALTIES.find((s) => s.code === code)!;
      specialtyIds.push(await tx.specialty.upsert({ where: { code }, create: known, update: {}, select: { id: true } }));
    }
    const created = await tx.user.create({
      data: { ...user, passwordHash, specialties: { create: specialtyIds.map((s) => ({ specialtyId: s.id })) } },
      select: { id: true, email: true },
    });
    await recordAudit(tx, { actorId: options.actorId, action: 'user.create', entityType: 'user', entityId: created.id, data: { email: user.email, role: user.role, specialties } });
    for (const slug of projects) {
      const project = await tx.project.findUnique({ where: { slug }, select: { id: true } });
      if (!project) throw new AppError('NOT_FOUND', `projects: no project "${slug}"`);
      await addProjectMember(tx, { projectId: project.id, userId: created.id, actorId: options.actorId });
    }
    return created;
  });
}

export type UserRow = { email: string; name: string; role: string; specialties: string[]; isActive: boolean; isDemo: boolean; isSimulated: boolean; createdAt: Date };

/** Every user, for `primum user list`: no password hashes. */
export async function listUsers(): Promise<UserRow[]> {
  const users = await getDb().user.findMany({
    orderBy: [{ isSimulated: 'asc' }, { email: 'asc' }],
    select: { email: true, name: true, role: true, isActive: true, isDemo: true, isSimulated: true, createdAt: true, specialties: { select: { specialty: { select: { code: true } } } } },
  });
  return users.map(({ specialties, ...user }) => ({ ...user, specialties: specialties.map((s) => s.specialty.code).sort() }));
}

async function findUserByEmail(tx: Tx, email: string) {
  const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, email: true, role: true, isActive: true, isSimulated: true } });
  if (!user) throw new AppError('NOT_FOUND', `no user with email ${email.trim().toLowerCase()}`);
  return user;
}

async function findUserById(tx: Tx, id: string) {
  const user = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, role: true, isActive: true, isSimulated: true } });
  if (!user) throw new AppError('NOT_FOUND', 'No such person.');
  return user;
}

/** Refuse a change that would leave no active admin (nobody could then manage the platform). */
export async function requireAnotherActiveAdmin(tx: Tx, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: 'ADMIN', isActive: true, id: { not: userId } } });
  if (others === 0) throw new AppError('CONFLICT', 'This is the last active admin: make someone else an admin first.');
}

export type ActiveChange = { email: string; changed: boolean; withdrawn: number; reassigned: number; assigned: number };

/**
 * Deactivate or reactivate a user (by email for the CLI, by id for the web), audited with the old
 * and new state. Deactivating ends every open session at its next request (lib/auth/session.ts),
 * keeps submitted ratings, and gives their open assignments back to the pool with reason
 * DEACTIVATED (partial scores withdrawn, cases re-assigned). Reactivating a physician gives them
 * waiting cases again, in `assignIn` (default: every project; the web passes a coordinator's own
 * projects). Withdrawal on deactivation is everywhere: a deactivated person rates nowhere. One
 * transaction.
 */
export async function setUserActive(options: { actorId: string | null; email?: string; userId?: string; isActive: boolean; assignIn?: ProjectScope }): Promise<ActiveChange> {
  return getDb().$transaction(async (tx) => {
    const user = options.userId ? await findUserById(tx, options.userId) : await findUserByEmail(tx, options.email ?? '');
    if (user.isActive === options.isActive) return { email: user.email, changed: false, withdrawn: 0, reassigned: 0, assigned: 0 };
    if (!options.isActive && user.role === 'ADMIN') await requireAnotherActiveAdmin(tx, user.id);
    await tx.user.update({ where: { id: user.id }, data: { isActive: options.isActive, ...(options.isActive ? {} : { sessionVersion: { increment: 1 } }) } });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: options.isActive ? 'user.activate' : 'user.deactivate',
      entityType: 'user',
      entityId: user.id,
      data: { email: user.email, old: { isActive: user.isActive }, new: { isActive: options.isActive } },
    });
    if (!options.isActive) {
      const open = await tx.assignment.findMany({ where: { userId: user.id, status: { in: ['ASSIGNED', 'IN_PROGRESS'] } }, select: { id: true } });
      const result = await withdrawAssignments(tx, { assignmentIds: open.map((a) => a.id), reason: 'DEACTIVATED', actorId: options.actorId });
      return { email: user.email, changed: true, withdrawn: result.withdrawn, reassigned: result.reassigned, assigned: 0 };
    }
    const assigned = user.role === 'PHYSICIAN' ? await assignInProjects(tx, options.assignIn ?? 'all', options.actorId) : 0;
    return { email: user.email, changed: true, withdrawn: 0, reassigned: 0, assigned };
  });
}

/** Set a user's password (argon2id); the audit row records that it changed, never the password. */
export async function setUserPassword(options: { actorId: string | null; email: string; password: string }): Promise<{ email: string }> {
  const parsed = createUserSchema.shape.password.safeParse(options.password);
  if (!parsed.success) throw new AppError('INVALID_INPUT', `password: expected ${parsed.error.issues[0].message}`);
  const passwordHash = await hashPassword(parsed.data);
  return getDb().$transaction(async (tx) => {
    const user = await findUserByEmail(tx, options.email);
    if (user.isSimulated) throw new AppError('INVALID_INPUT', `${user.email} is a simulated rater: it cannot sign in, so it has no password to set`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await recordAudit(tx, { actorId: options.actorId, action: 'user.password.set', entityType: 'user', entityId: user.id, data: { email: user.email } });
    return { email: user.email };
  });
}
