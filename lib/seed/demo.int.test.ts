import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { authenticate } from '@/lib/auth/users';
import { DEMO_PASSWORD, isEmpty, seedDemo } from '@/lib/seed/demo';

describe('demo seed (first start of a fresh install)', () => {
  it('seeds fictional cases in two specialties, a coordinator and three physicians per specialty, all assigned', async () => {
    expect(await isEmpty()).toBe(true);
    const seeded = await seedDemo();
    expect(await isEmpty()).toBe(false);

    const cases = await getDb().case.findMany({ where: { project: { slug: seeded.project } }, select: { presentation: true, rubric: true, specialty: { select: { code: true } }, _count: { select: { assignments: true } } } });
    expect(new Set(cases.map((c) => c.specialty.code))).toEqual(new Set(['Card', 'Derm']));
    for (const c of cases) {
      expect(c.presentation.startsWith('[Fictional demo case]')).toBe(true);
      expect((c.rubric as { top: { fictional: boolean } }).top.fictional).toBe(true);
      expect(c._count.assignments).toBe(3);
    }
    expect(await getDb().user.count({ where: { role: 'COORDINATOR' } })).toBe(1);
    for (const code of ['Card', 'Derm']) {
      expect(await getDb().user.count({ where: { role: 'PHYSICIAN', specialties: { some: { specialty: { code } } } } })).toBe(3);
    }
    // The printed logins work with the printed password.
    for (const user of seeded.users) expect(await authenticate(user.email, DEMO_PASSWORD), user.email).not.toBeNull();
    expect(await authenticate(seeded.users[0].email, 'wrong-password')).toBeNull();
  });
});
