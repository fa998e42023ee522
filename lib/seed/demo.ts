import 'server-only';
import { getDb, type Tx } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { hashPassword } from '@/lib/auth/password';
import { importRubrics } from '@/lib/import/service';
import { SPECIALTIES } from '@/lib/specialties';
import { DEMO_CASES } from '@/lib/seed/demo-cases';

export const DEMO_PASSWORD = 'primum-demo';

export const DEMO_USERS = [
  { email: 'coordinator@demo.primum.test', name: 'Dana Coordinator (demo)', role: 'COORDINATOR' as const, specialties: [] as string[] },
  ...['Card', 'Derm'].flatMap((code) =>
    [1, 2, 3].map((n) => ({
      email: `${code.toLowerCase()}${n}@demo.primum.test`,
      name: `Dr ${code === 'Card' ? 'Cardiology' : 'Dermatology'} ${n} (demo)`,
      role: 'PHYSICIAN' as const,
      specialties: [code],
    })),
  ),
];

/** True when the database has no user yet: the first start of a fresh install. */
export async function isEmpty(): Promise<boolean> {
  return (await getDb().user.count()) === 0;
}

/** True when the demo was seeded (its accounts or project exist, active or not). */
export async function hasDemo(): Promise<boolean> {
  const db = getDb();
  return (await db.user.count({ where: { isDemo: true } })) > 0 || (await db.project.count({ where: { isDemo: true } })) > 0;
}

/** Seed the demo: specialties, a coordinator, three physicians in two specialties, fictional cases. */
export async function seedDemo(): Promise<{ project: string; users: Array<{ email: string; role: string }> }> {
  const db = getDb();
  if (await hasDemo()) throw new AppError('CONFLICT', 'the demo is already seeded');
  if (await db.project.findUnique({ where: { slug: 'demo' }, select: { id: true } })) {
    throw new AppError('CONFLICT', 'a project with the slug "demo" already exists (a real one): the demo cannot be seeded beside it');
  }
  for (const specialty of SPECIALTIES) {
    await db.specialty.upsert({ where: { code: specialty.code }, create: specialty, update: {} });
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let coordinatorId = '';
  for (const user of DEMO_USERS) {
    const specialtyIds = await db.specialty.findMany({ where: { code: { in: user.specialties } }, select: { id: true } });
    const created = await db.user.create({
      data: { email: user.email, name: user.name, role: user.role, isDemo: true, passwordHash, specialties: { create: specialtyIds.map((s) => ({ specialtyId: s.id })) } },
      select: { id: true },
    });
    if (user.role === 'COORDINATOR') coordinatorId = created.id;
  }
  // Marked before its cases arrive, so that only the demo physicians are assigned them.
  const demo = await db.project.create({ data: { slug: 'demo', name: 'Demo (fictional cases)', isDemo: true }, select: { id: true } });
  await recordAudit(db as unknown as Tx, { actorId: coordinatorId, action: 'project.create', entityType: 'project', entityId: demo.id, data: { slug: 'demo', demo: true } });
  // Every demo login that coordinates or adjudicates works on the demo project (physicians join when assigned).
  const staff = await db.user.findMany({ where: { isDemo: true, role: { not: 'PHYSICIAN' } }, select: { id: true } });
  await db.projectMember.createMany({ data: staff.map((u) => ({ projectId: demo.id, userId: u.id, addedById: coordinatorId })) });
  const { project } = await importRubrics({
    actorId: coordinatorId,
    project: { id: demo.id },
    files: DEMO_CASES.map((c) => ({ name: `${c.id}.json`, content: JSON.stringify(c) })),
  });
  return { project: project.slug, users: DEMO_USERS.map(({ email, role }) => ({ email, role })) };
}
