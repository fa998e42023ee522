import 'server-only';
import { getDb } from '@/lib/db';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { median } from '@/lib/agreement';
import { isAppError } from '@/lib/errors';
import { visibleProjects } from '@/lib/projects/membership';
import { requireManageablePerson, requireVisiblePerson } from '@/lib/people/scope';
import { distanceFromCoRaters, type CoRaterDistance } from '@/lib/quality/co-raters';
import { activeTimePerOption } from '@/lib/quality/active-time';

type Actor = Pick<SessionUser, 'id' | 'role'>;

export type AssignmentItem = { id: string; caseExternalId: string; projectSlug: string; projectName: string; status: 'ASSIGNED' | 'IN_PROGRESS' | 'COMPLETED' | 'DECLINED'; declineReason: string | null; declineNote: string | null; assignedAt: string; completedAt: string | null; declinedAt: string | null };
export type FlagItem = { kind: string; comment: string; createdAt: string; optionNumber: number; caseExternalId: string; projectSlug: string };

export type PersonProfile = {
  id: string; name: string; email: string; role: Role; specialties: string[]; isActive: boolean; isDemo: boolean; isSimulated: boolean; createdAt: string;
  canManage: boolean;
  projects: Array<{ id: string; slug: string; name: string }>;
  assignments: AssignmentItem[];
  ratingsGiven: number;
  activeTime: { medianSeconds: number | null; n: number };
  agreement: CoRaterDistance;
  flags: { byKind: Record<string, number>; latest: FlagItem[] };
};

/** Everything the person page shows, limited to the projects the actor can see; NOT_FOUND outside scope. */
export async function getPersonProfile(options: { actor: Actor; userId: string }): Promise<PersonProfile> {
  const person = await requireVisiblePerson(options.actor, options.userId);
  const db = getDb();
  const projects = await db.project.findMany({ where: visibleProjects(options.actor), select: { id: true } });
  const projectIds = projects.map((p) => p.id);
  const inScope = { case: { projectId: { in: projectIds } } };
  const [user, memberships, assignments, ratingsGiven, activeRows, flags, scores] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: person.id }, select: { createdAt: true, specialties: { select: { specialty: { select: { code: true } } } } } }),
    db.projectMember.findMany({ where: { userId: person.id, projectId: { in: projectIds } }, select: { project: { select: { id: true, slug: true, name: true } } }, orderBy: { project: { name: 'asc' } } }),
    db.assignment.findMany({
      where: { userId: person.id, ...inScope },
      orderBy: [{ assignedAt: 'desc' }],
      select: { id: true, status: true, declineReason: true, declineNote: true, assignedAt: true, completedAt: true, declinedAt: true, case: { select: { externalId: true, project: { select: { slug: true, name: true } } } } },
    }),
    db.rating.count({ where: { userId: person.id, option: inScope } }),
    // Active time per option: lib/quality/active-time (the quality panel's definition too).
    db.$queryRaw<Array<{ option_id: string; active_ms: number }>>`
      SELECT s.option_id, s.active_ms FROM rating_saves s JOIN options o ON o.id = s.option_id JOIN cases c ON c.id = o.case_id
      WHERE s.user_id = ${person.id} AND s.applied AND s.active_ms > 0 AND c.project_id = ANY(${projectIds})`,
    db.flag.findMany({
      where: { userId: person.id, option: inScope },
      orderBy: { createdAt: 'desc' },
      select: { kind: true, comment: true, createdAt: true, option: { select: { number: true, case: { select: { externalId: true, project: { select: { slug: true } } } } } } },
    }),
    db.$queryRaw<Array<{ option_id: string; mine: number; others: number[] }>>`
      SELECT r.option_id, r.score AS mine, array_agg(o2.score) AS others
      FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id
      JOIN ratings o2 ON o2.option_id = r.option_id AND o2.user_id <> r.user_id
      WHERE r.user_id = ${person.id} AND c.project_id = ANY(${projectIds})
      GROUP BY r.option_id, r.score`,
  ]);
  const byKind: Record<string, number> = {};
  for (const f of flags) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  const seconds = activeTimePerOption(activeRows.map((r) => ({ userId: person.id, optionId: r.option_id, activeMs: Number(r.active_ms), applied: true }))).map((t) => t.activeMs / 1000);
  let canManage = false;
  try {
    await requireManageablePerson(options.actor, person.id);
    canManage = person.id !== options.actor.id;
  } catch (error) {
    if (!isAppError(error)) throw error;
  }
  return {
    ...person,
    createdAt: user.createdAt.toISOString(),
    specialties: user.specialties.map((s) => s.specialty.code).sort(),
    canManage,
    projects: memberships.map((m) => m.project),
    assignments: assignments.map((a) => ({
      id: a.id, caseExternalId: a.case.externalId, projectSlug: a.case.project.slug, projectName: a.case.project.name, status: a.status, declineReason: a.declineReason, declineNote: a.declineNote,
      assignedAt: a.assignedAt.toISOString(), completedAt: a.completedAt?.toISOString() ?? null, declinedAt: a.declinedAt?.toISOString() ?? null,
    })),
    ratingsGiven,
    activeTime: { medianSeconds: median(seconds), n: seconds.length },
    agreement: distanceFromCoRaters(scores.map((s) => ({ mine: s.mine, others: s.others }))),
    flags: {
      byKind,
      latest: flags.slice(0, 5).map((f) => ({ kind: f.kind, comment: f.comment, createdAt: f.createdAt.toISOString(), optionNumber: f.option.number, caseExternalId: f.option.case.externalId, projectSlug: f.option.case.project.slug })),
    },
  };
}
