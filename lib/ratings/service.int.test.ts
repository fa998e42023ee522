import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { getCaseForRating, listAssignedCases, submitRating } from '@/lib/ratings/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

describe('ratings (real PostgreSQL)', () => {
  let raters: SessionUser[];
  let outsider: SessionUser;
  let options: Awaited<ReturnType<typeof optionsOf>>;

  beforeAll(async () => {
    raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    outsider = await makeUser('PHYSICIAN', ['Derm']);
    await importNoharm('ratings', ['Card001']);
    options = await optionsOf('Card001', 'ratings');
  });

  it('[PHYSICIAN] sees the assigned case without reference scores or other raters\' scores', async () => {
    await submitRating({ user: raters[1], optionId: options[0].id, score: 9 });
    const view = await getCaseForRating({ user: raters[0], caseId: options[0].caseId });
    expect(view.options).toHaveLength(options.length);
    expect(view.options[0]).toEqual({ id: options[0].id, number: 1, text: expect.any(String), category: 'Counseling', myScore: null, myFlags: [], myComment: '', repliesToMe: [] });
    const serialized = JSON.stringify(view);
    expect(serialized).not.toContain('referenceScore');
    expect(serialized).not.toContain('"score"');
    const list = await listAssignedCases({ user: raters[0] });
    expect(list).toMatchObject([{ externalId: 'Card001', rated: 0, total: options.length, status: 'ASSIGNED' }]);
  });

  it('[PHYSICIAN] saves a score, changes it, and both changes are in the append-only history', async () => {
    const first = await submitRating({ user: raters[0], optionId: options[1].id, score: 4 });
    expect(first).toMatchObject({ rated: 1, completed: false });
    await submitRating({ user: raters[0], optionId: options[1].id, score: 6 });
    const stored = await getDb().rating.findUniqueOrThrow({ where: { optionId_userId: { optionId: options[1].id, userId: raters[0].id } } });
    expect(stored.score).toBe(6);
    const history = await getDb().ratingHistory.findMany({ where: { optionId: options[1].id, userId: raters[0].id }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.oldScore, h.newScore, h.changedBy])).toEqual([
      [null, 4, raters[0].id],
      [4, 6, raters[0].id],
    ]);
    const assignment = await getDb().assignment.findFirstOrThrow({ where: { userId: raters[0].id } });
    expect(assignment.status).toBe('IN_PROGRESS');
    expect(assignment.startedAt).not.toBeNull();
  });

  it('[PHYSICIAN] cannot rate a case that is not assigned to them', async () => {
    await expect(submitRating({ user: outsider, optionId: options[0].id, score: 5 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getCaseForRating({ user: outsider, caseId: options[0].caseId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getDb().rating.count({ where: { userId: outsider.id } })).toBe(0);
  });

  it('marks the assignment completed when every option is rated', async () => {
    let last;
    for (const option of options) last = await submitRating({ user: raters[2], optionId: option.id, score: 5 });
    expect(last).toMatchObject({ rated: options.length, total: options.length, completed: true });
    const assignment = await getDb().assignment.findFirstOrThrow({ where: { userId: raters[2].id } });
    expect(assignment.status).toBe('COMPLETED');
  });

  it('the database refuses scores outside 1-9 and a second rating of the same option by the same physician', async () => {
    const db = getDb();
    for (const score of [0, 10]) {
      await expect(db.$executeRaw`INSERT INTO ratings (id, option_id, user_id, score, updated_at) VALUES (${`bad-${score}`}, ${options[5].id}, ${raters[1].id}, ${score}, now())`).rejects.toThrow(/ratings_score_range/);
    }
    await expect(db.$executeRaw`INSERT INTO ratings (id, option_id, user_id, score, updated_at) VALUES ('dup', ${options[0].id}, ${raters[1].id}, 5, now())`).rejects.toThrow(/ratings_option_id_user_id_key|unique/i);
    await expect(db.$executeRaw`INSERT INTO ratings (id, option_id, user_id, score, updated_at) VALUES ('orphan', 'no-such-option', ${raters[1].id}, 5, now())`).rejects.toThrow(/foreign key/i);
    // A rating cannot be moved to another physician or option (history would not show it).
    await expect(db.$executeRaw`UPDATE ratings SET user_id = ${outsider.id} WHERE option_id = ${options[1].id} AND user_id = ${raters[0].id}`).rejects.toThrow(/cannot move/);
    await expect(db.$executeRaw`UPDATE ratings SET option_id = ${options[2].id} WHERE option_id = ${options[1].id} AND user_id = ${raters[0].id}`).rejects.toThrow(/cannot move/);
  });

  it('the database refuses to rewrite or delete history and audit rows', async () => {
    const db = getDb();
    await expect(db.$executeRaw`UPDATE rating_history SET new_score = 1`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM rating_history`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`TRUNCATE rating_history`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM audit_events`).rejects.toThrow(/append-only/);
    expect(await db.ratingHistory.count()).toBeGreaterThan(0);
  });
});
