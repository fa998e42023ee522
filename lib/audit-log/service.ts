import 'server-only';
import { getDb } from '@/lib/db';
import { Prisma } from '@/lib/generated/prisma/client';
import type { SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { requireProjectAccess } from '@/lib/projects/membership';
import type { AuditFilter } from '@/lib/audit-log/schema';

export const AUDIT_PAGE_SIZE = 100;
/** How a change nobody was named for is shown: never as the physician whose row it is. */
export const UNKNOWN_ACTOR = 'unknown (direct database change)';
/** An audit event written without an actor (command line, system jobs or a direct insert). */
export const NO_ACTOR_EVENT = 'unknown (no actor recorded)';

type Json = Prisma.JsonValue;

export type AuditRow = {
  id: string;
  /** UTC ISO timestamp. */
  at: string;
  actorId: string | null;
  actor: string;
  actorSimulated: boolean;
  action: string;
  entityType: string;
  entityId: string;
  /** Whose row or what it is about, in words (e.g. "Card001 option 3, rating of Dr A"). */
  subject: string;
  old: Json | null;
  new: Json | null;
  data: Json;
};

export type AuditPage = { rows: AuditRow[]; older: string | null; newer: string | null };

type RawRow = { id: string; at: string; actor_id: string | null; action: string; entity_type: string; entity_id: string; old: Json | null; new: Json | null; data: Json };

type Source = 'audit_log_events' | 'audit_log_ratings';

/**
 * Which rows belong to a project's log. Rating rows: the project's options. Events: the project's
 * own (cases, assignments, settings, invitations INTO it, ...) and, since the view gives
 * changes to a person no project (user.role.set, user.activate/deactivate, user.password.*,
 * user.create), the `user.*` events about people who are members of the project now, and the
 * events of links with no project that are theirs (a password-reset link revoked, an invitation
 * without a project they accepted): their role, status and link changes show on each of their
 * projects' pages (an event may show in several). Invitations INTO the project carry it already.
 * Sign-outs (session.*) are not changes to the person and stay on the admins' page.
 */
function projectScope(source: Source, projectId: string): Prisma.Sql {
  if (source === 'audit_log_ratings') return Prisma.sql`project_id = ${projectId}`;
  return Prisma.sql`(project_id = ${projectId}
    OR (entity_type = 'user' AND action LIKE 'user.%' AND entity_id IN (SELECT m.user_id FROM project_members m WHERE m.project_id = ${projectId}))
    OR (project_id IS NULL AND entity_type = 'invitation' AND entity_id IN (
      SELECT i.id FROM invitations i JOIN project_members m ON m.user_id = i.user_id WHERE m.project_id = ${projectId})))`;
}

function whereOf(source: Source, projectId: string | null, filter: AuditFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (projectId !== null) parts.push(projectScope(source, projectId));
  if (filter.action) parts.push(Prisma.sql`(action = ${filter.action} OR action LIKE ${`${filter.action.replace(/[%_\\]/g, '\\$&')}.%`})`);
  if (filter.actor === 'unknown') parts.push(Prisma.sql`actor_id IS NULL`);
  else if (filter.actor) parts.push(Prisma.sql`actor_id = ${filter.actor}`);
  if (filter.from) parts.push(Prisma.sql`at >= ${filter.from}::date`);
  if (filter.to) parts.push(Prisma.sql`at < (${filter.to}::date + 1)`);
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, ' AND ')}` : Prisma.empty;
}

function splitCursor(cursor: string): { at: string; id: string } {
  const [at, id] = cursor.split('|');
  return { at, id };
}

export function cursorOf(row: { at: string; id: string }): string {
  return `${row.at}|${row.id}`;
}

const selectList = Prisma.sql`id, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_id, action, entity_type, entity_id, old, new, data`;

/** Which of the two sources a filter can match (an action family lives in one of them). */
function sourcesFor(filter: AuditFilter): Source[] {
  if (!filter.action) return ['audit_log_events', 'audit_log_ratings'];
  return filter.action === 'rating' || filter.action.startsWith('rating.') ? ['audit_log_ratings'] : ['audit_log_events'];
}

/**
 * Raw rows of the log, newest first; keyset paging by (at, id). One query: each source's newest
 * `limit + 1` rows after the cursor (read along its (at, id) index), merged and cut to `limit + 1`.
 * Scoping is the caller's job.
 */
async function queryLog(projectId: string | null, filter: AuditFilter, limit: number): Promise<{ rows: RawRow[]; hasMore: boolean; direction: 'older' | 'newer' }> {
  const newer = filter.newer ? splitCursor(filter.newer) : null;
  const older = filter.older ? splitCursor(filter.older) : null;
  const whereFor = (source: Source): Prisma.Sql => {
    const base = whereOf(source, projectId, filter);
    const and = base === Prisma.empty ? Prisma.sql`WHERE` : Prisma.sql`${base} AND`;
    return newer
      ? Prisma.sql`${and} at >= ${newer.at}::timestamp AND (at > ${newer.at}::timestamp OR id > ${newer.id})`
      : older
        ? Prisma.sql`${and} at <= ${older.at}::timestamp AND (at < ${older.at}::timestamp OR id < ${older.id})`
        : base;
  };
  const order = newer ? Prisma.sql`ORDER BY at ASC, id ASC` : Prisma.sql`ORDER BY at DESC, id DESC`;
  const branches = sourcesFor(filter).map((view) => Prisma.sql`(SELECT * FROM ${Prisma.raw(`"${view}"`)} ${whereFor(view)} ${order} LIMIT ${limit + 1})`);
  // The project test on events is an expression the planner cannot estimate (it guesses huge
  // costs), which would switch JIT compilation on: ~0.5 s spent compiling a query that reads ~100 rows.
  const db = getDb();
  const [, rows] = await db.$transaction([
    db.$executeRawUnsafe('SET LOCAL jit = off'),
    db.$queryRaw<RawRow[]>`SELECT ${selectList} FROM (${Prisma.join(branches, ' UNION ALL ')}) AS log ${order} LIMIT ${limit + 1}`,
  ]);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  return newer ? { rows: page.reverse(), hasMore, direction: 'newer' } : { rows: page, hasMore, direction: 'older' };
}

function str(data: Json, key: string): string | null {
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const value = (data as Record<string, Json>)[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  }
  return null;
}

/** Names for actor ids and the users rows are about, one query. */
async function describe(rows: RawRow[]): Promise<AuditRow[]> {
  const ids = new Set<string>();
  const optionIds = new Set<string>();
  const assignmentIds = new Set<string>();
  const projectIds = new Set<string>();
  for (const r of rows) {
    if (r.actor_id) ids.add(r.actor_id);
    const userId = str(r.data, 'userId');
    if (userId) ids.add(userId);
    if (r.entity_type === 'user') ids.add(r.entity_id);
    if (r.entity_type === 'option') optionIds.add(r.entity_id);
    if (r.entity_type === 'assignment') assignmentIds.add(r.entity_id);
    if (r.entity_type === 'project') projectIds.add(r.entity_id);
  }
  const db = getDb();
  const [users, options, assignments, projects] = await Promise.all([
    ids.size ? db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, isSimulated: true } }) : [],
    optionIds.size ? db.option.findMany({ where: { id: { in: [...optionIds] } }, select: { id: true, number: true, case: { select: { externalId: true } } } }) : [],
    assignmentIds.size ? db.assignment.findMany({ where: { id: { in: [...assignmentIds] } }, select: { id: true, userId: true, case: { select: { externalId: true } } } }) : [],
    projectIds.size ? db.project.findMany({ where: { id: { in: [...projectIds] } }, select: { id: true, slug: true } }) : [],
  ]);
  const missing = assignments.map((a) => a.userId).filter((id) => !users.some((u) => u.id === id));
  const more = missing.length ? await db.user.findMany({ where: { id: { in: missing } }, select: { id: true, name: true, isSimulated: true } }) : [];
  const byId = new Map([...users, ...more].map((u) => [u.id, u]));
  const optionById = new Map(options.map((o) => [o.id, `${o.case.externalId} option ${o.number}`]));
  const assignmentById = new Map(assignments.map((a) => [a.id, a]));
  const projectById = new Map(projects.map((p) => [p.id, p.slug]));
  const nameOf = (id: string) => {
    const u = byId.get(id);
    return u ? `${u.name}${u.isSimulated ? ' (simulated)' : ''}` : `user ${id}`;
  };
  const subjectOf = (r: RawRow): string => {
    const userId = str(r.data, 'userId');
    switch (r.entity_type) {
      case 'rating':
        return `${str(r.data, 'case')} option ${str(r.data, 'option')}, rating of ${userId ? nameOf(userId) : 'unknown'}`;
      case 'option':
        return optionById.get(r.entity_id) ?? `option ${r.entity_id}`;
      case 'assignment': {
        const a = assignmentById.get(r.entity_id);
        return a ? `${a.case.externalId}, assignment of ${nameOf(a.userId)}` : `assignment ${r.entity_id}`;
      }
      case 'user':
        return nameOf(r.entity_id);
      case 'project': {
        const base = `project ${projectById.get(r.entity_id) ?? r.entity_id}`;
        return userId ? `${base} (${nameOf(userId)})` : base;
      }
      default:
        return userId ? `${r.entity_type} ${r.entity_id} (${nameOf(userId)})` : `${r.entity_type} ${r.entity_id}`;
    }
  };
  return rows.map((r) => {
    const actor = r.actor_id ? byId.get(r.actor_id) : undefined;
    return {
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actor: r.actor_id ? (actor ? actor.name : `user ${r.actor_id}`) : r.entity_type === 'rating' ? UNKNOWN_ACTOR : NO_ACTOR_EVENT,
      actorSimulated: actor?.isSimulated ?? false,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      subject: subjectOf(r),
      old: r.old,
      new: r.new,
      data: r.data,
    };
  });
}

/**
 * One page of a project's audit log (audit events and rating history), newest first. Coordinators
 * of the project and admins only; anyone else gets NOT_FOUND.
 */
export async function listProjectAuditLog(options: { user: SessionUser; projectId: string; filter: AuditFilter; limit?: number }): Promise<AuditPage> {
  if (options.user.role !== 'ADMIN' && options.user.role !== 'COORDINATOR') throw new AppError('NOT_FOUND', 'No such project.');
  await requireProjectAccess(options.user, options.projectId);
  return pageOf(options.projectId, options.filter, options.limit ?? AUDIT_PAGE_SIZE);
}

/** The whole log, every project and none (admins only). */
export async function listAllAuditLog(options: { user: SessionUser; filter: AuditFilter; limit?: number }): Promise<AuditPage> {
  if (options.user.role !== 'ADMIN') throw new AppError('NOT_FOUND', 'No such page.');
  return pageOf(null, options.filter, options.limit ?? AUDIT_PAGE_SIZE);
}

async function pageOf(projectId: string | null, filter: AuditFilter, limit: number): Promise<AuditPage> {
  const { rows, hasMore, direction } = await queryLog(projectId, filter, limit);
  const described = await describe(rows);
  const first = rows[0];
  const last = rows[rows.length - 1];
  // "older" exists when we came from a newer page (there is at least the cursor row) or more rows follow.
  const olderExists = direction === 'older' ? hasMore : rows.length > 0;
  const newerExists = direction === 'newer' ? hasMore : Boolean(filter.older) && rows.length > 0;
  return {
    rows: described,
    older: olderExists && last ? cursorOf(last) : null,
    newer: newerExists && first ? cursorOf(first) : null,
  };
}

/**
 * Every filtered row of a project's log, newest first, page by page (for the CSV export): the
 * access check runs once, then pages of `batch` rows are yielded until the log is exhausted.
 */
export async function* streamProjectAuditLog(options: { user: SessionUser; projectId: string; filter: AuditFilter; batch?: number }): AsyncGenerator<AuditRow[]> {
  const { older: _older, newer: _newer, ...filter } = options.filter;
  let page = await listProjectAuditLog({ user: options.user, projectId: options.projectId, filter, limit: options.batch ?? 1000 });
  yield page.rows;
  while (page.older) {
    page = await pageOf(options.projectId, { ...filter, older: page.older }, options.batch ?? 1000);
    if (page.rows.length) yield page.rows;
  }
}

/**
 * Who can be picked in the actor filter: the project's members, admins, anyone named by one of
 * the project's audit events or by a change to a member's account (e.g. a coordinator of another
 * project who changed a shared physician's role), read without scanning the whole rating history.
 */
export async function listAuditActors(projectId: string | null): Promise<Array<{ id: string; name: string }>> {
  const db = getDb();
  const ids =
    projectId === null
      ? await db.$queryRaw<Array<{ actor_id: string }>>`SELECT DISTINCT actor_id FROM audit_events WHERE actor_id IS NOT NULL
          UNION SELECT DISTINCT changed_by FROM rating_history WHERE changed_by IS NOT NULL`
      : await db.$queryRaw<Array<{ actor_id: string }>>`
          SELECT DISTINCT actor_id FROM audit_log_events WHERE project_id = ${projectId} AND actor_id IS NOT NULL
          UNION SELECT e.actor_id FROM audit_events e JOIN project_members m ON m.user_id = e.entity_id AND m.project_id = ${projectId}
            WHERE e.entity_type = 'user' AND e.action LIKE 'user.%' AND e.actor_id IS NOT NULL
          UNION SELECT user_id FROM project_members WHERE project_id = ${projectId}
          UNION SELECT id FROM users WHERE role = 'ADMIN'`;
  if (ids.length === 0) return [];
  const users = await db.user.findMany({ where: { id: { in: ids.map((r) => r.actor_id) } }, select: { id: true, name: true, isSimulated: true }, orderBy: { name: 'asc' } });
  return users.map((u) => ({ id: u.id, name: `${u.name}${u.isSimulated ? ' (simulated)' : ''}` }));
}
