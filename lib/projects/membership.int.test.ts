import { describe, expect, it } from 'vitest';
import { getDb, setActor } from '@/lib/db';
import { assignOpenCases, withdrawAssignments } from '@/lib/assignment/service';
import { addProjectMember, removeProjectMember, canSeeProject, findVisibleProject, requireProjectAccess, requireReleaseAccess } from '@/lib/projects/membership';
import { listProjects, resolveProject } from '@/lib/projects/service';
import { getMyWork } from '@/lib/ratings/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

describe('project membership (real PostgreSQL)', () => {
  it('[COORDINATOR] sees only the projects they belong to; [ADMIN] sees all; outside scope is "not found"', async () => {
    const admin = await makeUser('ADMIN');
    const mine = await makeUser('COORDINATOR');
    const other = await makeUser('COORDINATOR');
    const adjudicator = await makeUser('ADJUDICATOR');
    // Created from the web by `mine`: the creator becomes a member.
    const own = await getDb().$transaction((tx) => resolveProject({ slug: 'scope-own', actorId: mine.id, db: tx }));
    const foreign = await getDb().$transaction((tx) => resolveProject({ slug: 'scope-foreign', actorId: other.id, db: tx }));

    expect((await listProjects(mine)).map((p) => p.slug)).toEqual(['scope-own']);
    expect((await listProjects(other)).map((p) => p.slug)).toEqual(['scope-foreign']);
    expect((await listProjects(adjudicator)).map((p) => p.slug)).toEqual([]);
    expect((await listProjects(admin)).map((p) => p.slug)).toEqual(expect.arrayContaining(['scope-own', 'scope-foreign']));

    await expect(findVisibleProject(mine, 'scope-foreign')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(requireProjectAccess(mine, foreign.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await findVisibleProject(mine, 'scope-own')).id).toBe(own.id);
    expect(await canSeeProject(admin, foreign.id)).toBe(true);
    expect(await canSeeProject(adjudicator, own.id)).toBe(false);

    const release = await getDb().release.create({ data: { projectId: foreign.id, version: 1, goldRule: 'median', createdById: other.id, summary: {} } });
    await expect(requireReleaseAccess(mine, release.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(requireReleaseAccess(other, release.id)).resolves.toBeUndefined();

    const joined = await getDb().auditEvent.findMany({ where: { action: 'project.member.add', entityId: own.id } });
    expect(joined.map((e) => e.actorId)).toEqual([mine.id]);
  });

  it('[PHYSICIAN] becomes a member of a project when first assigned one of its cases', async () => {
    const physicians = [await makeUser('PHYSICIAN', ['Derm']), await makeUser('PHYSICIAN', ['Derm']), await makeUser('PHYSICIAN', ['Derm'])];
    const outsider = await makeUser('PHYSICIAN', ['Card']);
    await importNoharm('member-derm', ['Derm001']);
    const project = await getDb().project.findUniqueOrThrow({ where: { slug: 'member-derm' }, select: { id: true } });
    const members = await getDb().projectMember.findMany({ where: { projectId: project.id }, select: { userId: true } });
    expect(members.map((m) => m.userId).sort()).toEqual(physicians.map((p) => p.id).sort());
    expect(members.map((m) => m.userId)).not.toContain(outsider.id);
  });
});

describe('removed members (real PostgreSQL)', () => {
  it('[PHYSICIAN] removed from a project is not given its waiting cases, until added back', async () => {
    const coordinator = await makeUser('COORDINATOR');
    await makeUser('PHYSICIAN', ['Nephro']);
    await makeUser('PHYSICIAN', ['Nephro']);
    await importNoharm('removed', ['Nephro003']);
    const project = await getDb().project.findUniqueOrThrow({ where: { slug: 'removed' }, select: { id: true } });
    const late = await makeUser('PHYSICIAN', ['Nephro']);
    const assign = () => getDb().$transaction((tx) => assignOpenCases(tx, project.id, coordinator.id));
    await getDb().$transaction(async (tx) => {
      await addProjectMember(tx, { projectId: project.id, userId: late.id, actorId: coordinator.id });
      await removeProjectMember(tx, { projectId: project.id, userId: late.id, actorId: coordinator.id });
    });
    expect(await assign()).toMatchObject({ created: 0, waiting: [expect.objectContaining({ externalId: 'Nephro003', have: 2 })] });
    expect(await getDb().projectMember.count({ where: { projectId: project.id, userId: late.id } })).toBe(0);

    await getDb().$transaction((tx) => addProjectMember(tx, { projectId: project.id, userId: late.id, actorId: coordinator.id }));
    expect(await assign()).toMatchObject({ created: 1, waiting: [] });
    expect(await getDb().assignment.count({ where: { userId: late.id } })).toBe(1);
  });
});

describe('withdrawing open assignments (real PostgreSQL)', () => {
  it('withdraws partial scores, keeps completed work, audits, and gives the case to another physician', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const pulm = [await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm']), await makeUser('PHYSICIAN', ['Pulm'])];
    await importNoharm('withdraw', ['Pulm009']);
    const spare = await makeUser('PHYSICIAN', ['Pulm']);
    const options = await optionsOf('Pulm009', 'withdraw');
    const db = getDb();
    const [slow, done] = await Promise.all(pulm.slice(0, 2).map((p) => db.assignment.findFirstOrThrow({ where: { userId: p.id } })));
    await db.$transaction(async (tx) => {
      await setActor(tx, pulm[0].id);
      await tx.rating.createMany({ data: options.slice(0, 2).map((o) => ({ optionId: o.id, userId: pulm[0].id, score: 5 })) });
      await tx.assignment.update({ where: { id: slow.id }, data: { status: 'IN_PROGRESS', startedAt: new Date() } });
    });
    await db.$transaction(async (tx) => {
      await setActor(tx, pulm[1].id);
      await tx.rating.createMany({ data: options.map((o) => ({ optionId: o.id, userId: pulm[1].id, score: 7 })) });
      await tx.assignment.update({ where: { id: done.id }, data: { status: 'COMPLETED', startedAt: new Date(), completedAt: new Date() } });
    });

    const result = await db.$transaction((tx) => withdrawAssignments(tx, { assignmentIds: [slow.id, done.id], reason: 'REASSIGNED', note: 'no answer for 10 days', actorId: coordinator.id }));
    expect(result).toMatchObject({ withdrawn: 1, reassigned: 1 });

    expect(await db.assignment.findUniqueOrThrow({ where: { id: slow.id } })).toMatchObject({ status: 'DECLINED', declineReason: 'REASSIGNED', declineNote: 'no answer for 10 days' });
    expect(await db.assignment.findUniqueOrThrow({ where: { id: done.id } })).toMatchObject({ status: 'COMPLETED' });
    expect(await db.rating.count({ where: { userId: pulm[0].id } })).toBe(0);
    expect(await db.rating.count({ where: { userId: pulm[1].id } })).toBe(options.length);
    // The withdrawn scores stay in the history, attributed to the coordinator who withdrew them.
    const removed = await db.ratingHistory.findMany({ where: { userId: pulm[0].id, newScore: null } });
    expect(removed.map((h) => h.changedBy)).toEqual([coordinator.id, coordinator.id]);
    expect(await db.assignment.findFirst({ where: { userId: spare.id, caseId: slow.caseId, status: 'ASSIGNED' } })).not.toBeNull();
    // The physician's home page says the coordinators handed the case on (not "you declined it").
    const work = await getMyWork({ user: pulm[0] });
    expect(work.removed).toEqual([expect.objectContaining({ externalId: 'Pulm009', why: 'reassigned', reason: null })]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'assignment.withdraw', entityId: slow.id } });
    expect(audit).toMatchObject({ actorId: coordinator.id, data: expect.objectContaining({ reason: 'REASSIGNED', ratingsWithdrawn: 2 }) });
  });
});

describe('rating history attribution (real PostgreSQL)', () => {
  it('records a change made with no actor named as unknown (NULL), never as the physician whose rating it is', async () => {
    const derm = [await makeUser('PHYSICIAN', ['Derm']), await makeUser('PHYSICIAN', ['Derm']), await makeUser('PHYSICIAN', ['Derm'])];
    await importNoharm('attribution', ['Derm001']);
    const [option] = await optionsOf('Derm001', 'attribution');
    const db = getDb();
    await db.$transaction(async (tx) => {
      await setActor(tx, derm[0].id);
      await tx.rating.create({ data: { optionId: option.id, userId: derm[0].id, score: 4 } });
    });
    // A direct database change: no primum.actor_id in the transaction.
    await db.$executeRaw`UPDATE ratings SET score = 9 WHERE option_id = ${option.id} AND user_id = ${derm[0].id}`;
    const history = await db.ratingHistory.findMany({ where: { optionId: option.id }, orderBy: { id: 'asc' }, select: { oldScore: true, newScore: true, changedBy: true } });
    expect(history).toEqual([
      { oldScore: null, newScore: 4, changedBy: derm[0].id },
      { oldScore: 4, newScore: 9, changedBy: null },
    ]);
  });
});
