import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { saveRating } from '@/lib/ratings/save';
import { declineCase, setComment, setFlag, submitCase } from '@/lib/ratings/case-work';
import { getCaseForRating, getMyWork } from '@/lib/ratings/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);

function history(optionId: string, userId: string) {
  return getDb().ratingHistory.findMany({ where: { optionId, userId }, orderBy: { id: 'asc' }, select: { oldScore: true, newScore: true, changedBy: true } });
}

describe('saving from the rating screen (real PostgreSQL)', () => {
  let raters: SessionUser[];
  let spare: SessionUser;
  let options: Awaited<ReturnType<typeof optionsOf>>;

  beforeAll(async () => {
    raters = [await makeUser('PHYSICIAN', ['Derm']), await makeUser('PHYSICIAN', ['Derm']), await makeUser('PHYSICIAN', ['Derm'])];
    await importNoharm('saves', ['Derm001']);
    spare = await makeUser('PHYSICIAN', ['Derm']);
    options = await optionsOf('Derm001', 'saves');
  });

  it('[PHYSICIAN] a retried save is applied once: same id, same answer, one history row', async () => {
    const save = { userId: raters[0].id, clientId: randomUUID(), optionId: options[0].id, score: 7, givenAt: T0, activeMs: 4200 };
    const first = await saveRating(save);
    const again = await saveRating(save);
    expect(first).toMatchObject({ outcome: 'applied', score: 7, rated: 1, total: options.length, completed: false });
    expect(again).toMatchObject({ outcome: 'duplicate', score: 7, rated: 1 });
    expect(await history(options[0].id, raters[0].id)).toEqual([{ oldScore: null, newScore: 7, changedBy: raters[0].id }]);
    const logged = await getDb().ratingSave.findMany({ where: { optionId: options[0].id, userId: raters[0].id } });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ score: 7, activeMs: 4200, applied: true });
  });

  it('[PHYSICIAN] the newest score given wins even when an older retry arrives last', async () => {
    const base = { userId: raters[0].id, optionId: options[1].id, activeMs: 0 };
    const older = { ...base, clientId: randomUUID(), score: 3, givenAt: T0 + 1000 };
    const newer = { ...base, clientId: randomUUID(), score: 8, givenAt: T0 + 2000 };
    expect(await saveRating(newer)).toMatchObject({ outcome: 'applied', score: 8 });
    expect(await saveRating(older)).toMatchObject({ outcome: 'stale', score: 8 });
    expect(await saveRating(older)).toMatchObject({ outcome: 'duplicate', score: 8 });
    const stored = await getDb().rating.findUniqueOrThrow({ where: { optionId_userId: { optionId: options[1].id, userId: raters[0].id } } });
    expect(stored.score).toBe(8);
    expect(await history(options[1].id, raters[0].id)).toEqual([{ oldScore: null, newScore: 8, changedBy: raters[0].id }]);
  });

  it('[PHYSICIAN] clearing a score is a recorded change, and a late older save does not bring it back', async () => {
    const base = { userId: raters[0].id, optionId: options[2].id, activeMs: 0 };
    const given = { ...base, clientId: randomUUID(), score: 5, givenAt: T0 + 1000 };
    await saveRating(given);
    const cleared = await saveRating({ ...base, clientId: randomUUID(), score: null, givenAt: T0 + 3000 });
    expect(cleared).toMatchObject({ outcome: 'applied', score: null });
    expect(await saveRating({ ...base, clientId: randomUUID(), score: 2, givenAt: T0 + 2000 })).toMatchObject({ outcome: 'stale', score: null });
    expect(await getDb().rating.count({ where: { optionId: options[2].id, userId: raters[0].id } })).toBe(0);
    expect(await history(options[2].id, raters[0].id)).toEqual([
      { oldScore: null, newScore: 5, changedBy: raters[0].id },
      { oldScore: 5, newScore: null, changedBy: raters[0].id },
    ]);
  });

  it('[PHYSICIAN] many concurrent saves of one option end with the newest and one history row per change', async () => {
    const base = { userId: raters[1].id, optionId: options[3].id, activeMs: 0 };
    const saves = Array.from({ length: 12 }, (_, i) => ({ ...base, clientId: randomUUID(), score: (i % 9) + 1, givenAt: T0 + i * 10 }));
    // Send them shuffled and twice each, all at once.
    const shuffled = [...saves, ...saves].sort((a, b) => a.clientId.localeCompare(b.clientId));
    await Promise.all(shuffled.map((s) => saveRating(s)));
    const stored = await getDb().rating.findUniqueOrThrow({ where: { optionId_userId: { optionId: options[3].id, userId: raters[1].id } } });
    expect(stored.score).toBe(saves.at(-1)!.score);
    const applied = await getDb().ratingSave.count({ where: { optionId: options[3].id, userId: raters[1].id } });
    expect(applied).toBe(saves.length);
  });

  it('refuses a save id reused for another option, and strangers, and keeps the database as it was', async () => {
    const clientId = randomUUID();
    await saveRating({ userId: raters[1].id, clientId, optionId: options[4].id, score: 4, givenAt: T0, activeMs: 0 });
    await expect(saveRating({ userId: raters[1].id, clientId, optionId: options[5].id, score: 4, givenAt: T0, activeMs: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(saveRating({ userId: spare.id, clientId: randomUUID(), optionId: options[5].id, score: 4, givenAt: T0, activeMs: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().rating.count({ where: { optionId: options[5].id } })).toBe(0);
  });

  it('[PHYSICIAN] flags and a comment are stored for the rater, audited, and shown back only to them', async () => {
    const option = options[6];
    await setFlag({ user: raters[1], optionId: option.id, kind: 'UNCLEAR_WORDING', on: true });
    await setFlag({ user: raters[1], optionId: option.id, kind: 'UNSURE', on: true });
    const lowered = await setFlag({ user: raters[1], optionId: option.id, kind: 'UNSURE', on: false });
    expect(lowered.flags).toEqual(['UNCLEAR_WORDING']);
    await setComment({ user: raters[1], optionId: option.id, body: 'Which dose is meant?' });
    const mine = await getCaseForRating({ user: raters[1], caseId: option.caseId });
    expect(mine.options[6]).toMatchObject({ myFlags: ['UNCLEAR_WORDING'], myComment: 'Which dose is meant?' });
    const theirs = await getCaseForRating({ user: raters[2], caseId: option.caseId });
    expect(theirs.options[6]).toMatchObject({ myFlags: [], myComment: '' });
    const audit = await getDb().auditEvent.findMany({ where: { entityId: option.id }, orderBy: { id: 'asc' }, select: { action: true } });
    expect(audit.map((a) => a.action)).toEqual(['flag.raise', 'flag.raise', 'flag.lower', 'comment.set']);
    await expect(setFlag({ user: spare, optionId: option.id, kind: 'UNSURE', on: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('[PHYSICIAN] submits only a fully scored case; losing a score withdraws the submission', async () => {
    const rater = raters[2];
    const caseId = options[0].caseId;
    await expect(submitCase({ user: rater, caseId })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(new RegExp(`^${options.length} options still without a score`)) });
    for (const [i, option] of options.entries()) await saveRating({ userId: rater.id, clientId: randomUUID(), optionId: option.id, score: 6, givenAt: T0 + i, activeMs: 0 });
    await submitCase({ user: rater, caseId });
    expect((await getMyWork({ user: rater })).completed.map((c) => c.externalId)).toEqual(['Derm001']);
    const cleared = await saveRating({ userId: rater.id, clientId: randomUUID(), optionId: options[0].id, score: null, givenAt: T0 + 10_000, activeMs: 0 });
    expect(cleared).toMatchObject({ completed: false, submitted: false });
    const work = await getMyWork({ user: rater });
    expect(work.inProgress.map((c) => [c.externalId, c.rated, c.submitted])).toEqual([['Derm001', options.length - 1, false]]);
  });

  it('[PHYSICIAN] declining withdraws their scores, hands the case to another physician and never back', async () => {
    const rater = raters[0];
    const caseId = options[0].caseId;
    await expect(declineCase({ user: rater, caseId, reason: 'CONFLICT_OF_INTEREST', note: '' })).resolves.toEqual({ reassigned: 1 });
    expect(await getDb().rating.count({ where: { userId: rater.id } })).toBe(0);
    const panel = await getDb().assignment.findMany({ where: { caseId }, select: { userId: true, status: true, declineReason: true } });
    expect(panel).toContainEqual({ userId: spare.id, status: 'ASSIGNED', declineReason: null });
    expect(panel).toContainEqual({ userId: rater.id, status: 'DECLINED', declineReason: 'CONFLICT_OF_INTEREST' });
    const work = await getMyWork({ user: rater });
    expect(work.removed).toMatchObject([{ externalId: 'Derm001', why: 'declined', reason: 'CONFLICT_OF_INTEREST' }]);
    await expect(saveRating({ userId: rater.id, clientId: randomUUID(), optionId: options[0].id, score: 5, givenAt: T0 + 99_000, activeMs: 0 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The database itself will not put the physician back on the case.
    await expect(getDb().$executeRaw`UPDATE assignments SET status = 'ASSIGNED' WHERE case_id = ${caseId} AND user_id = ${rater.id}`).rejects.toThrow(/cannot be reopened/);
    // The history keeps the withdrawn scores, attributed to the physician who declined.
    const withdrawn = await getDb().ratingHistory.count({ where: { userId: rater.id, newScore: null, changedBy: rater.id } });
    expect(withdrawn).toBeGreaterThan(0);
  });

  it('[PHYSICIAN] a save from a session that has ended (signed out or deactivated elsewhere) is refused', async () => {
    const rater = raters[1];
    const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: rater.id }, select: { sessionVersion: true } });
    const save = { userId: rater.id, optionId: options[8].id, score: 2, givenAt: T0, activeMs: 0 };
    await expect(saveRating({ ...save, sessionVersion, clientId: randomUUID() })).resolves.toMatchObject({ outcome: 'applied' });
    await getDb().user.update({ where: { id: rater.id }, data: { sessionVersion: { increment: 1 } } });
    await expect(saveRating({ ...save, sessionVersion, clientId: randomUUID(), score: 3, givenAt: T0 + 1 })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const stored = await getDb().rating.findUniqueOrThrow({ where: { optionId_userId: { optionId: options[8].id, userId: rater.id } } });
    expect(stored.score).toBe(2);
  });

  it('the save log is append-only', async () => {
    await expect(getDb().$executeRaw`UPDATE rating_saves SET score = 1`).rejects.toThrow(/append-only/);
    await expect(getDb().$executeRaw`DELETE FROM rating_saves`).rejects.toThrow(/append-only/);
  });
});
