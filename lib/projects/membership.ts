import 'server-only';
import { getDb, type Tx } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import type { SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { ProjectRef } from '@/lib/projects/service';

const projectRefSelect = { id: true, slug: true, name: true, ratersPerCase: true } as const;

/**
 * Which projects a person may see: admins every project, everyone else the projects they are a
 * member of. A project outside this scope answers "not found", never "forbidden", so that its
 * name does not leak.
 */
export function visibleProjects(user: Pick<SessionUser, 'id' | 'role'>): Prisma.ProjectWhereInput {
  return user.role === 'ADMIN' ? {} : { members: { some: { userId: user.id } } };
}

export async function canSeeProject(user: Pick<SessionUser, 'id' | 'role'>, projectId: string): Promise<boolean> {
  const found = await getDb().project.count({ where: { id: projectId, ...visibleProjects(user) } });
  return found > 0;
}

/** The project by slug if the user may see it; NOT_FOUND otherwise. */
export async function findVisibleProject(user: Pick<SessionUser, 'id' | 'role'>, slug: string): Promise<ProjectRef> {
  const project = await getDb().project.findFirst({ where: { slug, ...visibleProjects(user) }, select: projectRefSelect });
  if (!project) throw new AppError('NOT_FOUND', `no project "${slug}"`);
  return project;
}

/** For actions that name a project by id: the project if the user may see it; NOT_FOUND otherwise. */
export async function requireProjectAccess(user: Pick<SessionUser, 'id' | 'role'>, projectId: string): Promise<ProjectRef> {
  const project = await getDb().project.findFirst({ where: { id: projectId, ...visibleProjects(user) }, select: projectRefSelect });
  if (!project) throw new AppError('NOT_FOUND', 'No such project.');
  return project;
}

/** A release of a project the user may see; NOT_FOUND otherwise. */
export async function requireReleaseAccess(user: Pick<SessionUser, 'id' | 'role'>, releaseId: string): Promise<void> {
  const found = await getDb().release.count({ where: { id: releaseId, project: visibleProjects(user) } });
  if (found === 0) throw new AppError('NOT_FOUND', 'No such release.');
}

/** Make someone a member of a project (no-op when they already are); audited when it changes. */
export async function addProjectMember(tx: Tx, options: { projectId: string; userId: string; actorId: string | null }): Promise<boolean> {
  const added = await tx.$executeRaw`
    INSERT INTO project_members (project_id, user_id, added_by_id) VALUES (${options.projectId}, ${options.userId}, ${options.actorId})
    ON CONFLICT DO NOTHING`;
  if (added > 0) await recordAudit(tx, { actorId: options.actorId, action: 'project.member.add', entityType: 'project', entityId: options.projectId, data: { userId: options.userId } });
  return added > 0;
}

/** Remove someone from a project (their ratings and assignments stay); audited. */
export async function removeProjectMember(tx: Tx, options: { projectId: string; userId: string; actorId: string | null }): Promise<boolean> {
  const removed = await tx.projectMember.deleteMany({ where: { projectId: options.projectId, userId: options.userId } });
  if (removed.count > 0) await recordAudit(tx, { actorId: options.actorId, action: 'project.member.remove', entityType: 'project', entityId: options.projectId, data: { userId: options.userId } });
  return removed.count > 0;
}
