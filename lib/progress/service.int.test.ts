import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { randomUUID } from 'node:crypto';
import { saveRating, submitRating } from '@/lib/ratings/save';
import { addProjectMember } from '@/lib/projects/membership';
import { getProjectProgress } from '@/lib/progress/service';
import { reassignAssignment } from '@/lib/progress/reassign';
import { getProjectOverview } from '@/lib/projects/overview';
import { getQualitySignals } from '@/lib/quality/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const DAY = 86_400_000;

describe('project progress and stalled work (real PostgreSQL)', () => {
  let card: SessionUser[];
  let derm: SessionUser[];
  let coordinator: SessionUser;
  let stranger: SessionUser;
  let projectId: string;
  let card1: Awaited<ReturnType<typeof optionsOf>>;
  let card2: Awaited<ReturnType<typeof optionsOf>>;
  let derm1: Awaited<ReturnType<typeof optionsOf>>;

  beforeAll(async () => {
    card = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    derm = [await makeUser('PHYSICIAN', ['Derm']), await makeUser('PHYSICIAN', ['Derm'])];
    coordinator = await makeUser('COORDINATOR');
    stranger = await makeUser('COORDINATOR');
    await importNoharm('progress', ['Card001', 'Card002', 'Derm001'], coordinator.id);
    projectId = (await getDb().project.findUniqueOrThrow({ where: { slug: 'progress' } })).id;
    await getDb().$transaction((tx) => addProjectMember(tx, { projectId, userId: coordinator.id, actorId: null }));
    card1 = await optionsOf('Card001', 'progress');
    card2 = await optionsOf('Card002', 'progress');
    derm1 = await optionsOf('Derm001', 'progress');
    // card[0]: 5 options of Card001; card[1]: all of Card001; derm[0]: 3 options of Derm001.
    for (const o of card1.slice(0, 5)) await submitRating({ user: card[0], optionId: o.id, score: 7 });
    for (const o of card1) await submitRating({ user: card[1], optionId: o.id, score: 7 });
    for (const o of derm1.slice(0, 3)) await submitRating({ user: derm[0], optionId: o.id, score: 2 });
  });

  it('counts per specialty, per physician and per case match the database', async () => {
    const p = await getProjectProgress(projectId);
    const cardExpected = (card1.length + card2.length) * 3;
    expect(p.specialties.map((s) => [s.code, s.cases, s.done, s.expected, s.waitingCases, s.moreNeeded])).toEqual([
      ['Card', 2, 5 + card1.length, cardExpected, 0, 0],
      // Two Derm physicians for a panel of three: the case waits, one more is needed.
      ['Derm', 1, 3, derm1.length * 3, 1, 1],
    ]);
    const dbRatings = await getDb().rating.count({ where: { option: { case: { projectId } } } });
    expect(p.overall).toEqual({ done: dbRatings, expected: cardExpected + derm1.length * 3 });
    const byId = new Map(p.physicians.map((x) => [x.userId, x]));
    expect(byId.get(card[0].id)).toMatchObject({ assigned: 1, inProgress: 1, completed: 0, done: 5, expected: card1.length + card2.length });
    expect(byId.get(card[1].id)).toMatchObject({ assigned: 1, inProgress: 0, completed: 1, done: card1.length });
    expect(byId.get(card[2].id)).toMatchObject({ assigned: 2, done: 0, lastActivity: null });
    expect(byId.get(derm[0].id)?.lastActivity).not.toBeNull();
    // Sorted by name, the same order every time.
    expect(p.physicians.map((x) => x.name)).toEqual([...p.physicians.map((x) => x.name)].sort((a, b) => a.localeCompare(b)));
    // Per day: everything was rated today.
    expect(p.perDay).toEqual([{ day: p.today, count: dbRatings }]);
    expect(p.estimate).toMatchObject({ kind: 'estimate', perDay: dbRatings, windowDays: 1, remaining: p.overall.expected - dbRatings });

    const overview = await getProjectOverview({ slug: 'progress' });
    const states = Object.fromEntries(overview.cases.map((c) => [c.externalId, [c.state, c.done, c.expected]]));
    expect(states).toEqual({
      Card001: ['rating', 5 + card1.length, card1.length * 3],
      // A full panel with no rating yet is "not started", never "being rated".
      Card002: ['not-started', 0, card2.length * 3],
      Derm001: ['waiting', 3, derm1.length * 3],
    });
    for (const c of overview.cases) expect(c.raters.map((r) => r.name)).toEqual([...c.raters.map((r) => r.name)].sort((a, b) => a.localeCompare(b)));
  });

  it('lists not-started and not-touched assignments after stalledAfterDays, not before', async () => {
    expect((await getProjectProgress(projectId)).stalled).toEqual([]);
    const later = await getProjectProgress(projectId, new Date(Date.now() + 8 * DAY));
    const kinds = later.stalled.map((s) => [s.name, s.caseExternalId, s.kind]);
    // Completed work (card[1] on Card001) is never stalled.
    expect(kinds).toContainEqual([card[0].name, 'Card001', 'not-touched']);
    expect(kinds).toContainEqual([card[2].name, 'Card002', 'not-started']);
    expect(kinds).not.toContainEqual([card[1].name, 'Card001', expect.anything()]);
    expect(later.stalled.every((s) => s.days >= 7)).toBe(true);
  });

  it('a coordinator outside the project (and a physician) get NOT_FOUND from the reassign action and nothing changes', async () => {
    const assignment = await getDb().assignment.findFirstOrThrow({ where: { userId: card[0].id, case: { externalId: 'Card001', projectId } } });
    await expect(reassignAssignment({ user: stranger, assignmentId: assignment.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reassignAssignment({ user: card[1], assignmentId: assignment.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reassignAssignment({ user: coordinator, assignmentId: 'no-such-assignment' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await getDb().assignment.findUniqueOrThrow({ where: { id: assignment.id } })).status).toBe('IN_PROGRESS');
  });

  it('Reassign moves a stalled case to another physician of its specialty and audits it', async () => {
    const spare = await makeUser('PHYSICIAN', ['Card']);
    const assignment = await getDb().assignment.findFirstOrThrow({ where: { userId: card[0].id, case: { externalId: 'Card001', projectId } } });
    const result = await reassignAssignment({ user: coordinator, assignmentId: assignment.id });
    expect(result).toEqual({ caseExternalId: 'Card001', from: card[0].name, to: [spare.name] });
    const after = await getDb().assignment.findUniqueOrThrow({ where: { id: assignment.id } });
    expect(after).toMatchObject({ status: 'DECLINED', declineReason: 'REASSIGNED' });
    expect(await getDb().assignment.count({ where: { userId: spare.id, caseId: assignment.caseId, status: 'ASSIGNED' } })).toBe(1);
    // card[0]'s partial scores are withdrawn; the history keeps them, attributed to the coordinator.
    expect(await getDb().rating.count({ where: { userId: card[0].id, option: { caseId: assignment.caseId } } })).toBe(0);
    const withdrawn = await getDb().ratingHistory.findMany({ where: { userId: card[0].id, newScore: null } });
    expect(withdrawn).toHaveLength(5);
    expect(withdrawn.every((h) => h.changedBy === coordinator.id)).toBe(true);
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: 'assignment.withdraw', entityId: assignment.id } });
    expect(audit).toMatchObject({ actorId: coordinator.id, data: expect.objectContaining({ reason: 'REASSIGNED', userId: card[0].id, ratingsWithdrawn: 5 }) });
    expect(await getDb().auditEvent.count({ where: { action: 'assignments.create', entityId: projectId, actorId: coordinator.id } })).toBeGreaterThan(0);
    // A second click on the same assignment is refused: it is no longer open.
    await expect(reassignAssignment({ user: coordinator, assignmentId: assignment.id })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('says the case waits when no other physician of the specialty is free', async () => {
    const assignment = await getDb().assignment.findFirstOrThrow({ where: { userId: derm[0].id, case: { externalId: 'Derm001', projectId } } });
    const result = await reassignAssignment({ user: coordinator, assignmentId: assignment.id });
    expect(result).toEqual({ caseExternalId: 'Derm001', from: derm[0].name, to: [] });
    const p = await getProjectProgress(projectId);
    expect(p.specialties.find((s) => s.code === 'Derm')).toMatchObject({ waitingCases: 1, moreNeeded: 2, done: 0 });
  });

  it('quality signals name the straight-liner of a completed case', async () => {
    const q = await getQualitySignals(projectId);
    // card[1] gave 7 to every option of Card001 and completed it.
    expect(q.straightLining.cases).toContainEqual(expect.objectContaining({ userId: card[1].id, caseExternalId: 'Card001', score: 7, share: 1 }));
    // The saves through submitRating carry no measured active time: nothing is "fast".
    expect(q.fast.raters).toEqual([]);
  });

  it('options scored with under 2 s of active time are counted per physician, with examples', async () => {
    const given = () => Date.now();
    await saveRating({ userId: card[2].id, clientId: randomUUID(), optionId: card2[0].id, score: 5, givenAt: given(), activeMs: 800 });
    await saveRating({ userId: card[2].id, clientId: randomUUID(), optionId: card2[1].id, score: 6, givenAt: given(), activeMs: 5000 });
    await saveRating({ userId: card[2].id, clientId: randomUUID(), optionId: card2[2].id, score: 6, givenAt: given(), activeMs: 1999 });
    const q = await getQualitySignals(projectId);
    expect(q.fast.raters).toEqual([
      { userId: card[2].id, name: card[2].name, isSimulated: false, fast: 2, timed: 3, share: 2 / 3, examples: [{ label: 'Card002 option 1', activeMs: 800 }, { label: 'Card002 option 3', activeMs: 1999 }] },
    ]);
  });

  it('a quick correction after a long think is not fast: the time of an option is the sum of its saves', async () => {
    const given = () => Date.now();
    // Option 2 was thought about for 5 s; a 1.2 s correction follows (its active_ms is the time since the first save).
    await saveRating({ userId: card[2].id, clientId: randomUUID(), optionId: card2[1].id, score: 7, givenAt: given(), activeMs: 1200 });
    // Option 3: 1.999 s, then 0.6 s more: 2.6 s in all, no longer fast. Option 1: 0.8 + 0.9 = 1.7 s, still fast.
    await saveRating({ userId: card[2].id, clientId: randomUUID(), optionId: card2[2].id, score: 7, givenAt: given(), activeMs: 600 });
    await saveRating({ userId: card[2].id, clientId: randomUUID(), optionId: card2[0].id, score: 4, givenAt: given(), activeMs: 900 });
    const q = await getQualitySignals(projectId);
    expect(q.fast.raters).toEqual([
      { userId: card[2].id, name: card[2].name, isSimulated: false, fast: 1, timed: 3, share: 1 / 3, examples: [{ label: 'Card002 option 1', activeMs: 1700 }] },
    ]);
  });
});
