import 'server-only';
import { getDb } from '@/lib/db';
import { getProjectSettings } from '@/lib/projects/settings';
import { estimateFinish, fillDays, type DayCount, type FinishEstimate } from '@/lib/progress/pace';
import { findStalled } from '@/lib/progress/stalled';

export type SpecialtyProgress = {
  code: string;
  name: string;
  cases: number;
  done: number;
  expected: number;
  /** Cases whose panel is not full. */
  waitingCases: number;
  /** Active physicians of the specialty who can be assigned (real, or demo in the demo project). */
  physicians: number;
  /** How many more physicians of this specialty would fill every waiting panel. */
  moreNeeded: number;
};

export type PhysicianProgress = {
  userId: string;
  name: string;
  isSimulated: boolean;
  isActive: boolean;
  assigned: number;
  inProgress: number;
  completed: number;
  done: number;
  expected: number;
  lastActivity: string | null;
};

export type StalledAssignment = {
  assignmentId: string;
  userId: string;
  name: string;
  isSimulated: boolean;
  caseExternalId: string;
  specialty: string;
  kind: 'not-started' | 'not-touched';
  days: number;
  since: string;
};

export type ProjectProgress = {
  overall: { done: number; expected: number };
  specialties: SpecialtyProgress[];
  physicians: PhysicianProgress[];
  perDay: DayCount[];
  estimate: FinishEstimate;
  stalled: StalledAssignment[];
  stalledAfterDays: number;
  today: string;
};

type CaseRow = { id: string; external_id: string; code: string; name: string; specialty_id: string; options: number; locked: boolean };
type AssignmentRow = { id: string; case_id: string; user_id: string; status: string; assigned_at: Date };
type RatedRow = { case_id: string; user_id: string; rated: number; last_at: Date | null };

/**
 * Progress of a project, computed from the database in a handful of queries: ratings done and
 * expected overall, per specialty and per physician, ratings per UTC day with a finish estimate,
 * and stalled open assignments. Callers check access first.
 */
export async function getProjectProgress(projectId: string, now: Date = new Date()): Promise<ProjectProgress> {
  const db = getDb();
  const [project, settings, cases, assignments, rated, perDayRows, lastSaves] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { ratersPerCase: true, isDemo: true } }),
    getProjectSettings(projectId),
    db.$queryRaw<CaseRow[]>`
      SELECT c.id, c.external_id, s.code, s.name, s.id AS specialty_id, (SELECT count(*)::int FROM options o WHERE o.case_id = c.id) AS options, c.locked_at IS NOT NULL AS locked
      FROM cases c JOIN specialties s ON s.id = c.specialty_id WHERE c.project_id = ${projectId}`,
    db.$queryRaw<AssignmentRow[]>`
      SELECT a.id, a.case_id, a.user_id, a.status::text AS status, a.assigned_at
      FROM assignments a JOIN cases c ON c.id = a.case_id WHERE c.project_id = ${projectId} AND a.status <> 'DECLINED'`,
    db.$queryRaw<RatedRow[]>`
      SELECT o.case_id, r.user_id, count(*)::int AS rated, max(r.updated_at) AS last_at
      FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id
      WHERE c.project_id = ${projectId} GROUP BY o.case_id, r.user_id`,
    db.$queryRaw<Array<{ day: string; count: number }>>`
      SELECT to_char(r.created_at, 'YYYY-MM-DD') AS day, count(*)::int AS count
      FROM ratings r JOIN options o ON o.id = r.option_id JOIN cases c ON c.id = o.case_id
      WHERE c.project_id = ${projectId} GROUP BY 1 ORDER BY 1`,
    // A save that cleared a score is activity too (the rating row is gone).
    db.$queryRaw<Array<{ case_id: string; user_id: string; last_at: Date }>>`
      SELECT o.case_id, s.user_id, max(s.received_at) AS last_at
      FROM rating_saves s JOIN options o ON o.id = s.option_id JOIN cases c ON c.id = o.case_id
      WHERE c.project_id = ${projectId} GROUP BY o.case_id, s.user_id`,
  ]);
  const k = project.ratersPerCase;
  const caseById = new Map(cases.map((c) => [c.id, c]));
  const key = (caseId: string, userId: string) => `${caseId}:${userId}`;
  const ratedBy = new Map(rated.map((r) => [key(r.case_id, r.user_id), r]));
  const lastAt = new Map<string, Date>();
  for (const r of rated) if (r.last_at) lastAt.set(key(r.case_id, r.user_id), r.last_at);
  for (const s of lastSaves) {
    const k2 = key(s.case_id, s.user_id);
    const before = lastAt.get(k2);
    if (!before || s.last_at > before) lastAt.set(k2, s.last_at);
  }

  // Done counts only ratings of current (non-declined) assignments, at most k per option via the panel.
  const panel = new Map<string, AssignmentRow[]>();
  for (const a of assignments) {
    if (!panel.has(a.case_id)) panel.set(a.case_id, []);
    panel.get(a.case_id)!.push(a);
  }

  const userIds = [...new Set(assignments.map((a) => a.user_id))];
  const specialtyIds = [...new Set(cases.map((c) => c.specialty_id))];
  const [users, eligible] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, isSimulated: true, isActive: true } }),
    db.userSpecialty.groupBy({
      by: ['specialtyId'],
      where: { specialtyId: { in: specialtyIds }, user: { role: 'PHYSICIAN', isActive: true, isSimulated: false, isDemo: project.isDemo } },
      _count: { _all: true },
    }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const eligibleBySpecialty = new Map(eligible.map((e) => [e.specialtyId, e._count._all]));

  const specialties = new Map<string, SpecialtyProgress>();
  let overallDone = 0;
  let overallExpected = 0;
  for (const c of cases) {
    const s = specialties.get(c.code) ?? { code: c.code, name: c.name, cases: 0, done: 0, expected: 0, waitingCases: 0, physicians: eligibleBySpecialty.get(c.specialty_id) ?? 0, moreNeeded: 0 };
    const onCase = panel.get(c.id) ?? [];
    const done = onCase.slice(0, k).reduce((sum, a) => sum + Math.min(ratedBy.get(key(c.id, a.user_id))?.rated ?? 0, c.options), 0);
    s.cases += 1;
    s.done += done;
    s.expected += c.options * k;
    if (!c.locked && onCase.length < k) {
      s.waitingCases += 1;
      s.moreNeeded = Math.max(s.moreNeeded, k - onCase.length);
    }
    specialties.set(c.code, s);
    overallDone += done;
    overallExpected += c.options * k;
  }

  const physicians = new Map<string, PhysicianProgress>();
  for (const a of assignments) {
    const u = userById.get(a.user_id);
    const p = physicians.get(a.user_id) ?? { userId: a.user_id, name: u?.name ?? a.user_id, isSimulated: u?.isSimulated ?? false, isActive: u?.isActive ?? false, assigned: 0, inProgress: 0, completed: 0, done: 0, expected: 0, lastActivity: null };
    const c = caseById.get(a.case_id)!;
    if (a.status === 'ASSIGNED') p.assigned += 1;
    else if (a.status === 'IN_PROGRESS') p.inProgress += 1;
    else if (a.status === 'COMPLETED') p.completed += 1;
    p.done += Math.min(ratedBy.get(key(a.case_id, a.user_id))?.rated ?? 0, c.options);
    p.expected += c.options;
    const last = lastAt.get(key(a.case_id, a.user_id));
    if (last && (!p.lastActivity || last.toISOString() > p.lastActivity)) p.lastActivity = last.toISOString();
    physicians.set(a.user_id, p);
  }

  const today = now.toISOString().slice(0, 10);
  const stalls = findStalled(
    assignments.filter((a) => !caseById.get(a.case_id)!.locked).map((a) => ({ id: a.id, status: a.status, assignedAt: a.assigned_at, lastActivityAt: lastAt.get(key(a.case_id, a.user_id)) ?? null })),
    now,
    settings.stalledAfterDays,
  );
  const assignmentById = new Map(assignments.map((a) => [a.id, a]));
  const stalled = stalls.map((s) => {
    const a = assignmentById.get(s.id)!;
    const c = caseById.get(a.case_id)!;
    const u = userById.get(a.user_id);
    return { assignmentId: a.id, userId: a.user_id, name: u?.name ?? a.user_id, isSimulated: u?.isSimulated ?? false, caseExternalId: c.external_id, specialty: c.code, kind: s.kind, days: s.days, since: s.since.toISOString() };
  });

  return {
    overall: { done: overallDone, expected: overallExpected },
    specialties: [...specialties.values()].sort((a, b) => a.code.localeCompare(b.code)),
    physicians: [...physicians.values()].sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId)),
    perDay: fillDays(perDayRows, today, 30),
    estimate: estimateFinish(perDayRows, overallExpected - overallDone, today),
    stalled,
    stalledAfterDays: settings.stalledAfterDays,
    today,
  };
}
