import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb, type Tx } from '@/lib/db';
import { addProjectMember } from '@/lib/projects/membership';
import { recordAdjudication } from '@/lib/adjudication/record';
import type { SessionUser } from '@/lib/auth/roles';
import { submitRating } from '@/lib/ratings/service';
import { exportRelease } from '@/lib/releases/export';
import { getLockReadiness, lockRelease } from '@/lib/releases/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

describe('releases (real PostgreSQL)', () => {
  let coordinator: SessionUser;
  let adjudicator: SessionUser;
  let raters: SessionUser[];
  let projectId: string;
  const given = new Map<string, number[]>();

  beforeAll(async () => {
    coordinator = await makeUser('COORDINATOR');
    adjudicator = await makeUser('ADJUDICATOR');
    raters = [await makeUser('PHYSICIAN', ['Card', 'GI']), await makeUser('PHYSICIAN', ['Card', 'GI']), await makeUser('PHYSICIAN', ['Card', 'GI'])];
    const result = await importNoharm('releases', ['Card001', 'Card002', 'GI004'], coordinator.id);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: result.project.slug } })).id;
    await getDb().$transaction((tx) => addProjectMember(tx as Tx, { projectId, userId: adjudicator.id, actorId: coordinator.id }));
  });

  it('refuses to lock when no case is fully rated', async () => {
    await expect(lockRelease({ actorId: coordinator.id, projectId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await getDb().release.count()).toBe(0);
  });

  it('[COORDINATOR] locks the fully rated case as v1 with median gold scores; a case awaiting adjudication and an unfinished one stay open', async () => {
    const options = await optionsOf('Card001', 'releases');
    for (const [r, rater] of raters.entries()) {
      for (const [i, option] of options.entries()) {
        // Consistent panels (the raters differ by at most two points, never 1-3 against 7-9): no
        // option awaits adjudication under the default rule (RAND/UCLA disagreement).
        const score = Math.min(9, Math.max(1, ((i * 7) % 9) + 1 + [0, 1, -1][r]));
        await submitRating({ user: rater, optionId: option.id, score });
        given.set(option.id, [...(given.get(option.id) ?? []), score]);
      }
    }
    const half = await optionsOf('Card002', 'releases');
    await submitRating({ user: raters[0], optionId: half[0].id, score: 7 });
    // GI004 is fully rated, but two options split 1 against 9: they await adjudication.
    const split = await optionsOf('GI004', 'releases');
    for (const [r, rater] of raters.entries()) {
      for (const [i, option] of split.entries()) await submitRating({ user: rater, optionId: option.id, score: i < 2 ? [1, 5, 9][r] : 5 });
    }
    const heldBack = [{ caseExternalId: 'GI004', awaiting: 2, reason: 'GI004: 2 options await adjudication' }];
    expect(await getLockReadiness(projectId)).toEqual({ ready: ['Card001'], heldBack });

    const release = await lockRelease({ actorId: coordinator.id, projectId });
    expect(release).toMatchObject({ version: 1, cases: ['Card001'], options: options.length, heldBack });
    const items = await getDb().releaseItem.findMany({ where: { releaseId: release.releaseId } });
    expect(items).toHaveLength(options.length);
    // Three ratings each: the gold score is the middle one (computed here without the library).
    for (const item of items) expect(item.goldScore).toBe([...given.get(item.optionId)!].sort((a, b) => a - b)[1]);
    const card002 = await getDb().case.findFirstOrThrow({ where: { externalId: 'Card002', projectId } });
    expect(card002.lockedAt).toBeNull();
    const gi004 = await getDb().case.findFirstOrThrow({ where: { externalId: 'GI004', projectId } });
    expect(gi004.lockedAt).toBeNull();
    expect(await getDb().releaseCase.count({ where: { caseId: gi004.id } })).toBe(0);
    expect(await getDb().releaseItem.count({ where: { optionId: { in: split.map((o) => o.id) } } })).toBe(0);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'release.lock', entityId: release.releaseId } });
    expect(audit.data).toMatchObject({ heldBack });
  });

  it('with only held-back cases left the lock is refused and says why; once adjudicated the case locks with the adjudicated gold', async () => {
    await expect(lockRelease({ actorId: coordinator.id, projectId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'No case can be locked: every fully rated case has options awaiting adjudication (GI004: 2 options await adjudication).',
    });
    expect(await getDb().release.count({ where: { projectId } })).toBe(1);
    const split = await optionsOf('GI004', 'releases');
    await recordAdjudication({ user: adjudicator, optionId: split[0].id, score: 2, rationale: 'harmful here' });
    expect((await getLockReadiness(projectId)).heldBack).toEqual([{ caseExternalId: 'GI004', awaiting: 1, reason: 'GI004: 1 option awaits adjudication' }]);
    await recordAdjudication({ user: adjudicator, optionId: split[1].id, score: 8, rationale: 'appropriate here' });
    expect(await getLockReadiness(projectId)).toEqual({ ready: ['GI004'], heldBack: [] });
    const v2 = await lockRelease({ actorId: coordinator.id, projectId });
    expect(v2).toMatchObject({ version: 2, cases: ['GI004'], heldBack: [] });
    const gold = await getDb().releaseItem.findMany({ where: { releaseId: v2.releaseId, optionId: { in: [split[0].id, split[1].id, split[2].id] } } });
    expect(Object.fromEntries(gold.map((g) => [g.optionId, g.goldScore]))).toEqual({ [split[0].id]: 2, [split[1].id]: 8, [split[2].id]: 5 });
  });

  it('after the lock the database refuses every change to those ratings, whoever writes', async () => {
    const db = getDb();
    const [option] = await optionsOf('Card001', 'releases');
    await expect(submitRating({ user: raters[0], optionId: option.id, score: 1 })).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(db.$executeRaw`UPDATE ratings SET score = 1 WHERE option_id = ${option.id}`).rejects.toThrow(/locked/);
    await expect(db.$executeRaw`DELETE FROM ratings WHERE option_id = ${option.id}`).rejects.toThrow(/locked/);
    await expect(db.$executeRaw`UPDATE cases SET locked_at = NULL WHERE external_id = 'Card001'`).rejects.toThrow(/locked/);
    await expect(db.$executeRaw`UPDATE options SET text = 'changed' WHERE id = ${option.id}`).rejects.toThrow(/locked/);
    await expect(db.$executeRaw`UPDATE release_items SET gold_score = 9`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM releases`).rejects.toThrow(/append-only/);
    for (const table of ['ratings', 'options', 'cases', 'releases', 'release_items', 'release_cases', 'adjudications']) {
      await expect(db.$executeRawUnsafe(`TRUNCATE ${table} CASCADE`), table).rejects.toThrow(/append-only/);
    }
    // A committed release is sealed: nothing can join it later, even for an open case.
    const release = await db.release.findFirstOrThrow({ where: { projectId, version: 1 } });
    const open = await optionsOf('Card002', 'releases');
    await expect(db.releaseItem.create({ data: { releaseId: release.id, optionId: open[0].id, goldScore: 5, ratingCount: 1, disagreement: false } })).rejects.toThrow(/sealed/);
    await expect(db.releaseCase.create({ data: { releaseId: release.id, caseId: open[0].caseId } })).rejects.toThrow(/sealed/);
    const scores = await db.rating.findMany({ where: { optionId: option.id }, select: { score: true } });
    expect(scores.map((s) => s.score).sort()).toEqual([...given.get(option.id)!].sort());
  });

  it('exports the release as the same bytes every time, in the NOHARM format with gold scores', async () => {
    const release = await getDb().release.findFirstOrThrow({ where: { projectId, version: 1 } });
    const first = await exportRelease({ releaseId: release.id });
    const second = await exportRelease({ releaseId: release.id });
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(first.fileName).toBe('releases-v1.zip');

    const files = unzipSync(first.bytes);
    const rubric = JSON.parse(strFromU8(files['releases-v1/rubrics/Card001.json']));
    const options = await optionsOf('Card001', 'releases');
    expect(rubric.id).toBe('Card001');
    expect(rubric.options.map((o: { score: number }) => o.score)).toEqual(options.map((o) => [...given.get(o.id)!].sort((a, b) => a - b)[1]));
    expect(rubric.specialistConsult).toBeDefined();

    const csv = strFromU8(files['releases-v1/ratings.csv']).trim().split('\n');
    expect(csv[0]).toBe('case_id,option_id,rater_id,simulated,score');
    expect(csv).toHaveLength(1 + options.length * 3);
    const raterIds = new Set(csv.slice(1).map((line) => line.split(',')[2]));
    expect(raterIds.size).toBe(3);
    for (const rater of raters) {
      expect(strFromU8(files['releases-v1/ratings.csv'])).not.toContain(rater.id);
      expect(strFromU8(files['releases-v1/ratings.csv'])).not.toContain(rater.email);
    }
    const sums = strFromU8(files['releases-v1/SHA256SUMS']);
    expect(sums).toMatch(/^[0-9a-f]{64} {2}rubrics\/Card001\.json$/m);
    expect(Object.keys(files).some((name) => name.includes('Card002'))).toBe(false);
  });
});
