import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { authenticate } from '@/lib/auth/users';
import { saveRating } from '@/lib/ratings/save';
import { submitRating } from '@/lib/ratings/service';
import { addProjectMember } from '@/lib/projects/membership';
import { addMemberToProject, findMemberCandidates, listProjectMembers, removeMemberFromProject } from '@/lib/people/membership';
import { getPersonProfile } from '@/lib/people/profile';
import { listPeople, setPersonActive, setPersonRole } from '@/lib/people/service';
import { issuePasswordReset } from '@/lib/invitations/service';
import { assignInProjects, setUserActive } from '@/lib/users/service';
import { importNoharm, makeUser, optionsOf } from '@/test/fixtures';

const db = () => getDb();
const assignmentsOf = (userId: string) =>
  db().assignment.findMany({ where: { userId }, orderBy: { case: { externalId: 'asc' } }, select: { status: true, declineReason: true, case: { select: { externalId: true } } } });

describe('people: scope, roles, deactivation, membership (real PostgreSQL)', () => {
  let admin: SessionUser;
  let coordinator: SessionUser;
  let outsider: SessionUser;
  let raters: SessionUser[];
  let spare: SessionUser;
  let projectId: string;
  let card001: Awaited<ReturnType<typeof optionsOf>>;
  let card002: Awaited<ReturnType<typeof optionsOf>>;

  beforeAll(async () => {
    admin = await makeUser('ADMIN');
    coordinator = await makeUser('COORDINATOR');
    outsider = await makeUser('COORDINATOR');
    raters = [await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card']), await makeUser('PHYSICIAN', ['Card'])];
    await importNoharm('people', ['Card001', 'Card002']);
    await importNoharm('other-people', ['Derm001']);
    projectId = (await db().project.findUniqueOrThrow({ where: { slug: 'people' } })).id;
    const otherId = (await db().project.findUniqueOrThrow({ where: { slug: 'other-people' } })).id;
    await db().$transaction(async (tx) => {
      await addProjectMember(tx, { projectId, userId: coordinator.id, actorId: null });
      await addProjectMember(tx, { projectId: otherId, userId: outsider.id, actorId: null });
    });
    // Made after the import: the cases already have their three raters, so this one waits.
    spare = await makeUser('PHYSICIAN', ['Card']);
    card001 = await optionsOf('Card001', 'people');
    card002 = await optionsOf('Card002', 'people');
  });

  it('[COORDINATOR] sees only people who share a project; a person outside is "not found" everywhere', async () => {
    const seen = (await listPeople({ actor: coordinator })).map((p) => p.email);
    expect(seen).toEqual(expect.arrayContaining([coordinator.email, ...raters.map((r) => r.email)]));
    expect(seen).not.toContain(outsider.email);
    expect(seen).not.toContain(spare.email);
    expect(seen).not.toContain(admin.email);
    expect((await listPeople({ actor: admin })).map((p) => p.email)).toEqual(expect.arrayContaining([outsider.email, spare.email, admin.email]));
    expect((await listPeople({ actor: coordinator, filter: { role: 'PHYSICIAN', specialty: 'Card', status: 'active' } })).map((p) => p.email).sort()).toEqual(raters.map((r) => r.email).sort());
    expect(await listPeople({ actor: coordinator, filter: { specialty: 'Derm' } })).toEqual([]);

    const before = await db().auditEvent.count();
    await expect(getPersonProfile({ actor: coordinator, userId: spare.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setPersonRole({ actor: coordinator, userId: spare.id, role: 'PHYSICIAN', specialties: ['Derm'] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setPersonActive({ actor: coordinator, userId: spare.id, isActive: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPersonProfile({ actor: outsider, userId: raters[0].id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setPersonActive({ actor: outsider, userId: raters[0].id, isActive: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listProjectMembers({ actor: outsider, projectId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(addMemberToProject({ actor: outsider, projectId, userId: outsider.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(removeMemberFromProject({ actor: outsider, projectId, userId: raters[0].id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db().auditEvent.count()).toBe(before);
    expect((await db().user.findUniqueOrThrow({ where: { id: spare.id } })).isActive).toBe(true);
  });

  it('[COORDINATOR] cannot grant ADMIN, touch an admin or change their own role; nobody demotes the last active admin', async () => {
    await db().$transaction((tx) => addProjectMember(tx, { projectId, userId: admin.id, actorId: null }));
    const before = await db().auditEvent.count();
    await expect(setPersonRole({ actor: coordinator, userId: raters[0].id, role: 'ADMIN', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only an admin can grant the admin role.' });
    await expect(setPersonRole({ actor: coordinator, userId: admin.id, role: 'COORDINATOR', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'A coordinator cannot change an admin.' });
    await expect(setPersonActive({ actor: coordinator, userId: admin.id, isActive: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setPersonRole({ actor: coordinator, userId: coordinator.id, role: 'ADJUDICATOR', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('your own role') });
    await expect(setPersonRole({ actor: admin, userId: admin.id, role: 'COORDINATOR', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(setPersonRole({ actor: coordinator, userId: raters[0].id, role: 'PHYSICIAN', specialties: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'A physician needs at least one specialty.' });
    // The only admin cannot be deactivated, even from the command line's service.
    await expect(setUserActive({ actorId: null, userId: admin.id, isActive: false })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('last active admin') });
    expect(await db().auditEvent.count()).toBe(before);
    const roles = await db().user.findMany({ where: { id: { in: [admin.id, coordinator.id, raters[0].id] } }, select: { role: true } });
    expect(roles.map((r) => r.role).sort()).toEqual(['ADMIN', 'COORDINATOR', 'PHYSICIAN']);
  });

  it('a role and specialty change is saved and audited with old and new values', async () => {
    const result = await setPersonRole({ actor: coordinator, userId: raters[2].id, role: 'PHYSICIAN', specialties: ['Derm', 'Card'] });
    expect(result.changed).toBe(true);
    // Now a dermatologist too, but the waiting Derm001 is in a project this coordinator cannot
    // see: nothing is handed out there in their name.
    expect((await assignmentsOf(raters[2].id)).map((a) => a.case.externalId)).not.toContain('Derm001');
    expect(await db().assignment.count({ where: { case: { externalId: 'Derm001' } } })).toBe(0);
    const audit = await db().auditEvent.findMany({ where: { action: 'user.role.set', entityId: raters[2].id }, select: { actorId: true, data: true } });
    expect(audit).toEqual([{ actorId: coordinator.id, data: { email: raters[2].email, old: { role: 'PHYSICIAN', specialties: ['Card'] }, new: { role: 'PHYSICIAN', specialties: ['Card', 'Derm'] } } }]);
    expect(await setPersonRole({ actor: coordinator, userId: raters[2].id, role: 'PHYSICIAN', specialties: ['Card', 'Derm'] })).toEqual({ changed: false, assigned: 0, withdrawn: 0 });
    // A neurologist (no Neuro case anywhere) becomes an adjudicator and back.
    const neuro = await makeUser('PHYSICIAN', ['Neuro']);
    await db().$transaction((tx) => addProjectMember(tx, { projectId, userId: neuro.id, actorId: null }));
    await setPersonRole({ actor: coordinator, userId: neuro.id, role: 'ADJUDICATOR', specialties: [] });
    await setPersonRole({ actor: coordinator, userId: neuro.id, role: 'PHYSICIAN', specialties: ['Neuro'] });
    expect((await db().auditEvent.findMany({ where: { action: 'user.role.set', entityId: neuro.id }, orderBy: { id: 'asc' }, select: { data: true } })).map((a) => a.data)).toEqual([
      { email: neuro.email, old: { role: 'PHYSICIAN', specialties: ['Neuro'] }, new: { role: 'ADJUDICATOR', specialties: [] } },
      { email: neuro.email, old: { role: 'ADJUDICATOR', specialties: [] }, new: { role: 'PHYSICIAN', specialties: ['Neuro'] } },
    ]);
    expect((await db().user.findUniqueOrThrow({ where: { id: neuro.id } })).role).toBe('PHYSICIAN');
  });

  it('[COORDINATOR] deactivates a physician: sessions end, completed ratings stay, partial ones are withdrawn and the case goes to another Card physician', async () => {
    const [a, b] = raters;
    for (const option of card001) await submitRating({ user: a, optionId: option.id, score: 8 });
    for (const option of card001) await submitRating({ user: b, optionId: option.id, score: option.number % 2 ? 8 : 2 });
    await submitRating({ user: a, optionId: card002[0].id, score: 5 });
    await saveRating({ userId: a.id, clientId: randomUUID(), optionId: card002[1].id, score: 6, givenAt: Date.now(), activeMs: 4200 });
    const before = await db().user.findUniqueOrThrow({ where: { id: a.id } });
    expect((await assignmentsOf(a.id)).map((x) => [x.case.externalId, x.status])).toEqual([['Card001', 'COMPLETED'], ['Card002', 'IN_PROGRESS']]);

    const result = await setPersonActive({ actor: coordinator, userId: a.id, isActive: false });
    expect(result).toEqual({ email: a.email, changed: true, withdrawn: 1, reassigned: 1, assigned: 0 });
    const after = await db().user.findUniqueOrThrow({ where: { id: a.id } });
    expect(after.isActive).toBe(false);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await authenticate(a.email, 'test-password-123')).toBeNull();
    expect((await assignmentsOf(a.id)).map((x) => [x.case.externalId, x.status, x.declineReason])).toEqual([['Card001', 'COMPLETED', null], ['Card002', 'DECLINED', 'DEACTIVATED']]);
    expect(await db().rating.count({ where: { userId: a.id, option: { caseId: card001[0].caseId } } })).toBe(card001.length);
    expect(await db().rating.count({ where: { userId: a.id, option: { caseId: card002[0].caseId } } })).toBe(0);
    expect((await assignmentsOf(spare.id)).map((x) => [x.case.externalId, x.status])).toEqual([['Card002', 'ASSIGNED']]);
    expect(await db().auditEvent.count({ where: { action: 'user.deactivate', entityId: a.id, actorId: coordinator.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { action: 'assignment.withdraw', actorId: coordinator.id, data: { path: ['reason'], equals: 'DEACTIVATED' } } })).toBe(1);

    // The person page: assignments by state, ratings kept, co-rater agreement, active time.
    const profile = await getPersonProfile({ actor: coordinator, userId: a.id });
    expect(profile.isActive).toBe(false);
    expect(profile.ratingsGiven).toBe(card001.length);
    expect(profile.assignments.map((x) => [x.caseExternalId, x.status, x.declineReason])).toEqual(expect.arrayContaining([['Card001', 'COMPLETED', null], ['Card002', 'DECLINED', 'DEACTIVATED']]));
    // Co-rater b gave 8 on odd options, 2 on even ones: a (always 8) deviates by 6 on the even ones.
    const even = card001.filter((o) => o.number % 2 === 0).length;
    expect(profile.agreement.n).toBe(card001.length);
    expect(profile.agreement.meanAbsoluteDeviation).toBeCloseTo((6 * even) / card001.length, 10);
    expect(profile.agreement.sameZoneShare).toBeCloseTo((card001.length - even) / card001.length, 10);
    expect(profile.activeTime).toEqual({ medianSeconds: 4.2, n: 1 });

    const again = await setPersonActive({ actor: coordinator, userId: a.id, isActive: true });
    expect(again).toMatchObject({ changed: true, assigned: 0 });
    expect(await authenticate(a.email, 'test-password-123')).not.toBeNull();
    await expect(setPersonActive({ actor: coordinator, userId: coordinator.id, isActive: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('[COORDINATOR] adds a person they can see and removes a physician: open assignments here are withdrawn (REASSIGNED), audited', async () => {
    const candidates = await findMemberCandidates({ actor: coordinator, projectId, query: '' });
    expect(candidates.map((c) => c.id)).not.toContain(raters[1].id);
    expect(candidates.map((c) => c.id)).not.toContain(outsider.id);
    const spareBefore = await assignmentsOf(spare.id);
    const result = await removeMemberFromProject({ actor: coordinator, projectId, userId: spare.id });
    expect(result).toMatchObject({ withdrawn: 1 });
    expect((await assignmentsOf(spare.id)).map((x) => [x.case.externalId, x.status, x.declineReason])).toEqual(spareBefore.map((x) => [x.case.externalId, 'DECLINED', 'REASSIGNED']));
    expect((await listProjectMembers({ actor: coordinator, projectId })).map((m) => m.id)).not.toContain(spare.id);
    expect(await db().auditEvent.count({ where: { action: 'project.member.remove', entityId: projectId, actorId: coordinator.id } })).toBe(1);
    await expect(removeMemberFromProject({ actor: coordinator, projectId, userId: admin.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const colleague = await makeUser('COORDINATOR');
    await db().$transaction((tx) => addProjectMember(tx, { projectId, userId: colleague.id, actorId: null }));
    await expect(removeMemberFromProject({ actor: coordinator, projectId, userId: colleague.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only an admin can remove a coordinator from a project.' });
    expect(await db().projectMember.count({ where: { projectId, userId: colleague.id } })).toBe(1);
    await expect(removeMemberFromProject({ actor: admin, projectId, userId: colleague.id })).resolves.toMatchObject({ withdrawn: 0 });

    const added = await addMemberToProject({ actor: coordinator, projectId, userId: raters[2].id });
    expect(added).toMatchObject({ added: false });
    await expect(addMemberToProject({ actor: coordinator, projectId, userId: outsider.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const byAdmin = await addMemberToProject({ actor: admin, projectId, userId: outsider.id });
    expect(byAdmin).toMatchObject({ added: true, assigned: 0 });
    expect((await listProjectMembers({ actor: coordinator, projectId })).map((m) => m.id)).toContain(outsider.id);
  });

  it('a physician who becomes an adjudicator gives open cases back (REASSIGNED); completed work and ratings stay', async () => {
    const b = raters[1];
    expect((await assignmentsOf(b.id)).map((x) => [x.case.externalId, x.status])).toEqual([['Card001', 'COMPLETED'], ['Card002', 'ASSIGNED']]);
    const result = await setPersonRole({ actor: coordinator, userId: b.id, role: 'ADJUDICATOR', specialties: [] });
    expect(result).toEqual({ changed: true, assigned: 0, withdrawn: 1 });
    expect((await assignmentsOf(b.id)).map((x) => [x.case.externalId, x.status, x.declineReason])).toEqual([['Card001', 'COMPLETED', null], ['Card002', 'DECLINED', 'REASSIGNED']]);
    expect(await db().rating.count({ where: { userId: b.id } })).toBe(card001.length);
  });

  it('[COORDINATOR] manages only physicians and adjudicators wholly inside their projects; promotions and other coordinators are for admins', async () => {
    const otherId = (await db().project.findUniqueOrThrow({ where: { slug: 'other-people' } })).id;
    const linkUrl = (token: string) => `http://primum.test/welcome/${token}`;
    // x works on both projects (assignment makes physicians members); the other project's coordinator is a member here too.
    const x = await makeUser('PHYSICIAN', ['Neuro']);
    const y = await makeUser('ADJUDICATOR');
    await db().$transaction(async (tx) => {
      await addProjectMember(tx, { projectId, userId: x.id, actorId: null });
      await addProjectMember(tx, { projectId: otherId, userId: x.id, actorId: null });
      await addProjectMember(tx, { projectId, userId: outsider.id, actorId: null });
      await addProjectMember(tx, { projectId, userId: y.id, actorId: null });
    });
    const state = () => db().user.findMany({ where: { id: { in: [x.id, y.id, outsider.id] } }, orderBy: { id: 'asc' }, select: { role: true, isActive: true, sessionVersion: true, specialties: { select: { specialtyId: true } } } });
    const before = { audit: await db().auditEvent.count(), links: await db().invitation.count(), users: await state() };

    const elsewhere = `${x.name} also works on projects you do not coordinate: ask an admin.`;
    await expect(setPersonRole({ actor: coordinator, userId: x.id, role: 'PHYSICIAN', specialties: ['Neuro', 'Card'] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: elsewhere });
    await expect(setPersonRole({ actor: coordinator, userId: x.id, role: 'ADJUDICATOR', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: elsewhere });
    await expect(setPersonActive({ actor: coordinator, userId: x.id, isActive: false })).rejects.toMatchObject({ code: 'FORBIDDEN', message: elsewhere });
    await expect(issuePasswordReset({ actor: coordinator, userId: x.id, linkUrl })).rejects.toMatchObject({ code: 'FORBIDDEN', message: elsewhere });
    expect((await getPersonProfile({ actor: coordinator, userId: x.id })).canManage).toBe(false);

    const otherCoordinator = `${outsider.name} is a coordinator: only an admin can change a coordinator's role, access or password.`;
    await expect(setPersonRole({ actor: coordinator, userId: outsider.id, role: 'ADJUDICATOR', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: otherCoordinator });
    await expect(setPersonActive({ actor: coordinator, userId: outsider.id, isActive: false })).rejects.toMatchObject({ code: 'FORBIDDEN', message: otherCoordinator });
    await expect(issuePasswordReset({ actor: coordinator, userId: outsider.id, linkUrl })).rejects.toMatchObject({ code: 'FORBIDDEN', message: otherCoordinator });

    // y is wholly inside the coordinator's project, yet only an admin makes anyone a coordinator or an admin.
    await expect(setPersonRole({ actor: coordinator, userId: y.id, role: 'COORDINATOR', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only an admin can grant the coordinator role.' });
    await expect(setPersonRole({ actor: coordinator, userId: y.id, role: 'ADMIN', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only an admin can grant the admin role.' });
    expect({ audit: await db().auditEvent.count(), links: await db().invitation.count(), users: await state() }).toEqual(before);
    // What stays allowed: y between physician and adjudicator, and a reset link (shown: no SMTP here).
    expect((await getPersonProfile({ actor: coordinator, userId: y.id })).canManage).toBe(true);
    await setPersonRole({ actor: coordinator, userId: y.id, role: 'PHYSICIAN', specialties: ['Neuro'] });
    await setPersonRole({ actor: coordinator, userId: y.id, role: 'ADJUDICATOR', specialties: [] });
    const shown = await issuePasswordReset({ actor: coordinator, userId: y.id, linkUrl });
    expect(shown).toMatchObject({ mailed: false, token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    // An admin may do all of it.
    await setPersonRole({ actor: admin, userId: y.id, role: 'COORDINATOR', specialties: [] });
    await expect(setPersonRole({ actor: coordinator, userId: y.id, role: 'ADJUDICATOR', specialties: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await setPersonRole({ actor: admin, userId: x.id, role: 'PHYSICIAN', specialties: ['Neuro', 'Card'] });
    expect(await issuePasswordReset({ actor: admin, userId: outsider.id, linkUrl })).toMatchObject({ mailed: false });
    expect(await setPersonActive({ actor: admin, userId: outsider.id, isActive: false })).toMatchObject({ changed: true });
    expect(await setPersonActive({ actor: admin, userId: outsider.id, isActive: true })).toMatchObject({ changed: true });
    expect((await db().user.findUniqueOrThrow({ where: { id: y.id } })).role).toBe('COORDINATOR');
    expect(await db().auditEvent.findMany({ where: { action: 'user.password.reset.issue', entityId: { in: [y.id, outsider.id] } }, orderBy: { id: 'asc' }, select: { actorId: true, entityId: true } })).toEqual([
      { actorId: coordinator.id, entityId: y.id },
      { actorId: admin.id, entityId: outsider.id },
    ]);
  });

  it("a coordinator's role change or reactivation hands out waiting cases only in projects they can see; an admin's and the command line's everywhere", async () => {
    const p = await makeUser('PHYSICIAN', ['Neuro']);
    const r = await makeUser('PHYSICIAN', ['Endo']);
    await setUserActive({ actorId: null, userId: r.id, isActive: false });
    // Nobody else rates Pulm or Endo: every case here waits.
    await importNoharm('scope-mine', ['Pulm001', 'Endo002']);
    await importNoharm('scope-other', ['Pulm005', 'Endo007']);
    const mine = (await db().project.findUniqueOrThrow({ where: { slug: 'scope-mine' } })).id;
    await db().$transaction(async (tx) => {
      for (const userId of [coordinator.id, p.id, r.id]) await addProjectMember(tx, { projectId: mine, userId, actorId: null });
    });
    expect(await setPersonRole({ actor: coordinator, userId: p.id, role: 'PHYSICIAN', specialties: ['Neuro', 'Pulm'] })).toMatchObject({ changed: true });
    expect((await assignmentsOf(p.id)).map((a) => a.case.externalId)).toEqual(['Pulm001']);
    expect(await setPersonActive({ actor: coordinator, userId: r.id, isActive: true })).toMatchObject({ changed: true });
    expect((await assignmentsOf(r.id)).map((a) => a.case.externalId)).toEqual(['Endo002']);
    expect(await db().assignment.count({ where: { case: { project: { slug: 'scope-other' } } } })).toBe(0);
    expect(await db().projectMember.count({ where: { userId: { in: [p.id, r.id] }, project: { slug: 'scope-other' } } })).toBe(0);
    // The shared loop given a list covers only those projects.
    await db().$transaction((tx) => assignInProjects(tx, [mine], null));
    expect(await db().assignment.count({ where: { case: { project: { slug: 'scope-other' } } } })).toBe(0);

    // An admin's change reaches every project.
    expect((await setPersonRole({ actor: admin, userId: p.id, role: 'PHYSICIAN', specialties: ['Neuro', 'Pulm', 'Endo'] })).assigned).toBeGreaterThanOrEqual(3);
    expect((await assignmentsOf(p.id)).map((a) => a.case.externalId)).toEqual(['Endo002', 'Endo007', 'Pulm001', 'Pulm005']);
    // The run covers every waiting case of every project, so r (Endo) takes Endo007 there too.
    expect((await assignmentsOf(r.id)).map((a) => a.case.externalId)).toEqual(['Endo002', 'Endo007']);
  });
});
