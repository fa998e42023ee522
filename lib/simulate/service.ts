import 'server-only';
import { randomBytes } from 'node:crypto';
import { getDb, setActor } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { assignOpenCases } from '@/lib/assignment/service';
import { hashPassword } from '@/lib/auth/password';
import { baseScore, createScoreModel } from '@/lib/simulate/scores';

export type SimulationResult = { createdRaters: string[]; takenOver: number; assignmentsFilled: number; ratings: number; waiting: string[] };

/**
 * Create simulated physicians where a specialty of the project has fewer than it needs: counting
 * every physician, or only simulated ones when they are to take over real physicians' work.
 */
async function ensureSimulatedRaters(projectId: string, need: number, onlySimulatedCount: boolean): Promise<string[]> {
  const db = getDb();
  const { isDemo } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { isDemo: true } });
  // Only physicians who may be assigned this project's cases count (see assignOpenCases).
  const counted = onlySimulatedCount
    ? { role: 'PHYSICIAN' as const, isActive: true, isSimulated: true }
    : { role: 'PHYSICIAN' as const, isActive: true, OR: [{ isSimulated: true }, { isDemo }] };
  const specialties = await db.specialty.findMany({
    where: { cases: { some: { projectId, lockedAt: null } } },
    select: { id: true, code: true, name: true, _count: { select: { physicians: { where: { user: counted } } } } },
  });
  const created: string[] = [];
  for (const specialty of specialties) {
    for (let n = specialty._count.physicians + 1; n <= need; n += 1) {
      const email = `simulated-${specialty.code.toLowerCase()}-${n}@simulated.primum.invalid`;
      // Simulated raters cannot sign in: their password is random and never shown.
      const passwordHash = await hashPassword(randomBytes(24).toString('base64'));
      await db.user.upsert({
        where: { email },
        create: { email, name: `Simulated ${specialty.name} rater ${n}`, passwordHash, role: 'PHYSICIAN', isSimulated: true, specialties: { create: { specialtyId: specialty.id } } },
        update: { isActive: true },
      });
      created.push(email);
    }
  }
  return created;
}

/**
 * Hand real physicians' assignments that have not been started (no rating yet) to simulated
 * physicians of the same specialty, least loaded first. Audited; started work is never moved.
 */
async function handUnstartedToSimulated(projectId: string): Promise<number> {
  return getDb().$transaction(async (tx) => {
    const unstarted = await tx.assignment.findMany({
      where: { status: 'ASSIGNED', user: { isSimulated: false }, case: { projectId, lockedAt: null } },
      orderBy: [{ case: { externalId: 'asc' } }, { userId: 'asc' }],
      select: { id: true, userId: true, case: { select: { id: true, specialtyId: true, assignments: { select: { userId: true } } } } },
    });
    const simulated = await tx.user.findMany({
      where: { isSimulated: true, isActive: true, role: 'PHYSICIAN' },
      orderBy: { email: 'asc' },
      select: { id: true, specialties: { select: { specialtyId: true } }, _count: { select: { assignments: { where: { case: { projectId } } } } } },
    });
    const load = new Map(simulated.map((u) => [u.id, u._count.assignments]));
    const moved: Array<{ assignment: string; from: string; to: string }> = [];
    for (const assignment of unstarted) {
      const rated = await tx.rating.count({ where: { userId: assignment.userId, option: { caseId: assignment.case.id } } });
      if (rated > 0) continue;
      const onCase = new Set(assignment.case.assignments.map((a) => a.userId));
      const [to] = simulated
        .filter((u) => !onCase.has(u.id) && u.specialties.some((s) => s.specialtyId === assignment.case.specialtyId))
        .sort((a, b) => load.get(a.id)! - load.get(b.id)!);
      if (!to) continue;
      // Only if still unstarted: a first score saved meanwhile moves the status on, and wins.
      const { count } = await tx.assignment.updateMany({ where: { id: assignment.id, status: 'ASSIGNED' }, data: { userId: to.id, assignedAt: new Date() } });
      if (count === 0) continue;
      assignment.case.assignments.push({ userId: to.id });
      load.set(to.id, load.get(to.id)! + 1);
      moved.push({ assignment: assignment.id, from: assignment.userId, to: to.id });
    }
    if (moved.length > 0) await recordAudit(tx, { actorId: null, action: 'assignments.hand-to-simulated', entityType: 'project', entityId: projectId, data: { moved } });
    return moved.length;
  });
}

/**
 * Fill the project's open assignments held by simulated physicians with plausible scores, so
 * coordinators can try dashboards and releases before real raters start. Real physicians'
 * assignments are left alone unless `takeUnstarted` hands their not-yet-started ones over.
 */
export async function simulateRatings(options: { projectId: string; seed: number; takeUnstarted?: boolean }): Promise<SimulationResult> {
  const db = getDb();
  const project = await db.project.findUniqueOrThrow({ where: { id: options.projectId }, select: { ratersPerCase: true } });
  const createdRaters = await ensureSimulatedRaters(options.projectId, project.ratersPerCase, Boolean(options.takeUnstarted));
  const takenOver = options.takeUnstarted ? await handUnstartedToSimulated(options.projectId) : 0;
  const { waiting } = await db.$transaction((tx) => assignOpenCases(tx, options.projectId, null, { includeSimulated: true }));

  const open = await db.assignment.findMany({
    where: { case: { projectId: options.projectId, lockedAt: null }, user: { isSimulated: true }, status: { in: ['ASSIGNED', 'IN_PROGRESS'] } },
    orderBy: [{ case: { externalId: 'asc' } }, { userId: 'asc' }],
    select: {
      id: true,
      userId: true,
      user: { select: { email: true } },
      case: { select: { options: { orderBy: { position: 'asc' }, select: { id: true, category: true, referenceScore: true, ratings: { select: { userId: true } } } } } },
    },
  });
  const model = createScoreModel(options.seed);
  let ratings = 0;
  for (const assignment of open) {
    const bias = model.raterBias(assignment.user.email);
    const todo = assignment.case.options.filter((o) => !o.ratings.some((r) => r.userId === assignment.userId));
    await db.$transaction(async (tx) => {
      await setActor(tx, assignment.userId);
      await tx.rating.createMany({ data: todo.map((o) => ({ optionId: o.id, userId: assignment.userId, score: model.score(baseScore(o), bias) })) });
      const now = new Date();
      await tx.assignment.update({ where: { id: assignment.id }, data: { status: 'COMPLETED', startedAt: now, completedAt: now } });
    });
    ratings += todo.length;
  }
  await db.$transaction((tx) =>
    recordAudit(tx, { actorId: null, action: 'ratings.simulate', entityType: 'project', entityId: options.projectId, data: { seed: options.seed, ratings, assignments: open.length, createdRaters, takenOver } }),
  );
  return { createdRaters, takenOver, assignmentsFilled: open.length, ratings, waiting: waiting.map((w) => w.externalId) };
}
