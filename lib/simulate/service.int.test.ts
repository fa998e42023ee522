import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { getLiveSummary } from '@/lib/projects/overview';
import { simulateRatings } from '@/lib/simulate/service';
import { importNoharm, makeUser } from '@/test/fixtures';
import { submitRating } from '@/lib/ratings/service';

describe('simulateRatings (real PostgreSQL)', () => {
  it('creates simulated raters where too few, fills their assignments, and leaves real physicians\' work alone', async () => {
    const real = await makeUser('PHYSICIAN', ['Endo']);
    const { project } = await importNoharm('sim', ['Endo002', 'Derm009']);
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;

    const result = await simulateRatings({ projectId, seed: 3 });
    // Endo has one real physician: two simulated ones join; Derm has none: three join.
    expect(result.createdRaters).toHaveLength(5);
    expect(result.waiting).toEqual([]);
    const simulated = await getDb().user.findMany({ where: { isSimulated: true }, select: { name: true } });
    expect(simulated.every((u) => u.name.startsWith('Simulated '))).toBe(true);

    const realAssignment = await getDb().assignment.findFirstOrThrow({ where: { userId: real.id } });
    expect(realAssignment.status).toBe('ASSIGNED');
    expect(await getDb().rating.count({ where: { userId: real.id } })).toBe(0);

    const options = await getDb().option.findMany({ where: { case: { projectId } }, select: { caseId: true, case: { select: { externalId: true } } } });
    const endo = options.filter((o) => o.case.externalId === 'Endo002').length;
    const derm = options.length - endo;
    expect(result.ratings).toBe(endo * 2 + derm * 3);
    const scores = await getDb().rating.findMany({ where: { option: { case: { projectId } } }, select: { score: true } });
    expect(scores.every((s) => s.score >= 1 && s.score <= 9)).toBe(true);
    expect(new Set(scores.map((s) => s.score)).size).toBeGreaterThan(3);

    const summary = await getLiveSummary(projectId);
    expect(summary.ratings).toEqual({ done: result.ratings, expected: options.length * 3 });
    expect(summary.alphaOrdinal.value).toEqual(expect.any(Number));
    expect(summary.cases).toMatchObject({ total: 2, complete: 1, waiting: 0 });
  });

  it('never gives a real study\'s cases to simulated physicians', async () => {
    expect(await getDb().user.count({ where: { isSimulated: true, specialties: { some: { specialty: { code: 'Derm' } } } } })).toBe(3);
    const result = await importNoharm('real-study', ['Derm001']);
    expect(result.waiting).toEqual([{ externalId: 'Derm001', have: 0, need: 3 }]);
    expect(await getDb().assignment.count({ where: { case: { project: { slug: 'real-study' } } } })).toBe(0);
  });

  it('with takeUnstarted, hands real physicians\' unstarted assignments to simulated ones and keeps started work', async () => {
    const real = [await makeUser('PHYSICIAN', ['Nephro']), await makeUser('PHYSICIAN', ['Nephro']), await makeUser('PHYSICIAN', ['Nephro'])];
    const { project } = await importNoharm('takeover', ['Nephro009']);
    const projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: project.slug } })).id;
    const [option] = await getDb().option.findMany({ where: { case: { projectId } }, orderBy: { position: 'asc' }, take: 1 });
    await submitRating({ user: real[0], optionId: option.id, score: 6 });

    const result = await simulateRatings({ projectId, seed: 1, takeUnstarted: true });
    expect(result.takenOver).toBe(2);
    const holders = await getDb().assignment.findMany({ where: { case: { projectId } }, select: { userId: true, status: true, user: { select: { isSimulated: true } } } });
    expect(holders.filter((h) => !h.user.isSimulated).map((h) => h.userId)).toEqual([real[0].id]);
    expect(holders.filter((h) => h.user.isSimulated).every((h) => h.status === 'COMPLETED')).toBe(true);
    expect(await getDb().rating.findFirstOrThrow({ where: { userId: real[0].id } })).toMatchObject({ score: 6 });
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'assignments.hand-to-simulated', entityId: projectId } });
    expect((audit.data as { moved: Array<{ from: string }> }).moved.map((m) => m.from).sort()).toEqual([real[1].id, real[2].id].sort());
  });
});
