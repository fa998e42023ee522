import 'server-only';
import { getDb, type Db, type Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/lib/audit';
import { projectSlugSchema } from '@/lib/projects/schema';
import { addProjectMember, visibleProjects } from '@/lib/projects/membership';
import type { SessionUser } from '@/lib/auth/roles';

export type ProjectRef = { id: string; slug: string; name: string; ratersPerCase: number };
const projectRefSelect = { id: true, slug: true, name: true, ratersPerCase: true } as const;

function titleOf(slug: string): string {
  return slug.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/**
 * The project a command or upload targets: the named one (created if new); without a name, the
 * only project, or a new `default` one. Several projects and no name is an error.
 */
export async function resolveProject(options: { slug?: string; actorId: string | null; db?: Db | Tx }): Promise<ProjectRef & { created: boolean }> {
  const db = options.db ?? getDb();
  if (options.slug !== undefined) {
    const parsed = projectSlugSchema.safeParse(options.slug);
    if (!parsed.success) throw new AppError('INVALID_INPUT', `project slug "${options.slug}": ${parsed.error.issues[0].message}`);
    const found = await db.project.findUnique({ where: { slug: parsed.data }, select: projectRefSelect });
    if (found) return { ...found, created: false };
    return createProject(db, parsed.data, options.actorId);
  }
  // The fictional demo is never the default target of real cases.
  const all = await db.project.findMany({ where: { isDemo: false }, select: projectRefSelect, take: 2, orderBy: { createdAt: 'asc' } });
  if (all.length === 1) return { ...all[0], created: false };
  if (all.length > 1) throw new AppError('INVALID_INPUT', 'there are several projects: name one with --project <slug>');
  return createProject(db, 'default', options.actorId);
}

async function createProject(db: Db | Tx, slug: string, actorId: string | null): Promise<ProjectRef & { created: true }> {
  const project = await db.project.create({ data: { slug, name: titleOf(slug) }, select: projectRefSelect });
  await recordAudit(db as Tx, { actorId, action: 'project.create', entityType: 'project', entityId: project.id, data: { slug } });
  // The creator is a member (a project made from the command line has no creator).
  if (actorId) await addProjectMember(db as Tx, { projectId: project.id, userId: actorId, actorId });
  return { ...project, created: true };
}

export async function findProjectBySlug(slug: string): Promise<ProjectRef> {
  const project = await getDb().project.findUnique({ where: { slug }, select: projectRefSelect });
  if (!project) throw new AppError('NOT_FOUND', `no project "${slug}"`);
  return project;
}

export type ProjectListItem = ProjectRef & { cases: number; releases: number };

/** The projects `user` may see (admins: all; others: their memberships). */
export async function listProjects(user: Pick<SessionUser, 'id' | 'role'>): Promise<ProjectListItem[]> {
  const projects = await getDb().project.findMany({
    where: visibleProjects(user),
    orderBy: { createdAt: 'asc' },
    select: { ...projectRefSelect, _count: { select: { cases: true, releases: true } } },
  });
  return projects.map(({ _count, ...p }) => ({ ...p, cases: _count.cases, releases: _count.releases }));
}
