import 'server-only';
import { randomBytes } from 'node:crypto';
import { getDb, setActor } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { assignOpenCases } from '@/lib/assignment/service';
import { hashPassword } from '@/lib/auth/password';
import { baseScore, createScoreModel } from '@/lib/simulate/scores';

export type SimulationResult = { createdRaters: string[]; assignmentsFilled: number; ratings: number; waiting: string[] };

/** Create simulated physicians where a specialty of the project has fewer than it needs. */
async function ensureSimulatedRaters(projectId: string, need: number): Promise<string[]> {
  const db = getDb();
  const specialties = await db.specialty.findMany({
    where: { cases: { some: { projectId, lockedAt: null } } },
    select: { id: true, code: true, name: true, _count: { select: { physicians: { where: { user: { role: 'PHYSICIAN', isActive: true } } } } } },
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
 * Fill the project's open assignments held by simulated physicians with plausible scores, so
 * coordinators can try dashboards and releases before real raters start. Assignments of real
 * physicians are never touched.
 */
export async function simulateRatings(options: { projectId: string; seed: number }): Promise<SimulationResult> {
  const db = getDb();
  const project = await db.project.findUniqueOrThrow({ where: { id: options.projectId }, select: { ratersPerCase: true } });
  const createdRaters = await ensureSimulatedRaters(options.projectId, project.ratersPerCase);
  const { waiting } = await db.$transaction((tx) => assignOpenCases(tx, options.projectId));

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
    recordAudit(tx, { actorId: null, action: 'ratings.simulate', entityType: 'project', entityId: options.projectId, data: { seed: options.seed, ratings, assignments: open.length, createdRaters } }),
  );
  return { createdRaters, assignmentsFilled: open.length, ratings, waiting: waiting.map((w) => w.externalId) };
}
