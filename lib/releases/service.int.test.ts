import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { submitRating } from '@/lib/ratings/service';
import { exportRelease } from '@/lib/releases/export';
import { lockRelease } from '@/lib/releases/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

describe('releases (real PostgreSQL)', () => {
  let coordinator: SessionUser;
  let raters: SessionUser[];
  let projectId: string;
  const given = new Map<string, number[]>();

  beforeAll(async () => {
    coordinator = await makeUser('COORDINATOR');
    raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    const result = await importNoharm('releases', ['Card001', 'Card002']);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: result.project.slug } })).id;
  });

  it('refuses to lock when no case is fully rated', async () => {
    await expect(lockRelease({ actorId: coordinator.id, projectId })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await getDb().release.count()).toBe(0);
  });

  it('[COORDINATOR] locks the fully rated case as v1 with median gold scores; the other case stays open', async () => {
    const options = await optionsOf('Card001', 'releases');
    for (const [r, rater] of raters.entries()) {
      for (const [i, option] of options.entries()) {
        const score = ((i * 7 + r * 3) % 9) + 1;
        await submitRating({ user: rater, optionId: option.id, score });
        given.set(option.id, [...(given.get(option.id) ?? []), score]);
      }
    }
    const half = await optionsOf('Card002', 'releases');
    await submitRating({ user: raters[0], optionId: half[0].id, score: 7 });

    const release = await lockRelease({ actorId: coordinator.id, projectId });
    expect(release).toMatchObject({ version: 1, cases: ['Card001'], options: options.length });
    const items = await getDb().releaseItem.findMany({ where: { releaseId: release.releaseId } });
    expect(items).toHaveLength(options.length);
    // Three ratings each: the gold score is the middle one (computed here without the library).
    for (const item of items) expect(item.goldScore).toBe([...given.get(item.optionId)!].sort((a, b) => a - b)[1]);
    const card002 = await getDb().case.findFirstOrThrow({ where: { externalId: 'Card002', projectId } });
    expect(card002.lockedAt).toBeNull();
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
    const [release] = await db.release.findMany({ where: { projectId } });
    const open = await optionsOf('Card002', 'releases');
    await expect(db.releaseItem.create({ data: { releaseId: release.id, optionId: open[0].id, goldScore: 5, ratingCount: 1, disagreement: false } })).rejects.toThrow(/sealed/);
    await expect(db.releaseCase.create({ data: { releaseId: release.id, caseId: open[0].caseId } })).rejects.toThrow(/sealed/);
    const scores = await db.rating.findMany({ where: { optionId: option.id }, select: { score: true } });
    expect(scores.map((s) => s.score).sort()).toEqual([...given.get(option.id)!].sort());
  });

  it('exports the release as the same bytes every time, in the NOHARM format with gold scores', async () => {
    const [release] = await getDb().release.findMany({ where: { projectId } });
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
