import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import type { SessionUser } from '@/lib/auth/roles';
import { authenticate } from '@/lib/auth/users';
import { acceptInvitation, createInvitation, getWelcome, issuePasswordReset, listInvitations, revokeInvitation } from '@/lib/invitations/service';
import { generateToken, hashToken } from '@/lib/invitations/token';
import { addProjectMember } from '@/lib/projects/membership';
import { getPersonProfile } from '@/lib/people/profile';
import { listPeople } from '@/lib/people/service';
import { importNoharm, makeUser } from '@/test/fixtures';

const PASSWORD = 'a-fresh-password-1';

async function snapshot() {
  const db = getDb();
  return { users: await db.user.count(), members: await db.projectMember.count(), assignments: await db.assignment.count(), audit: await db.auditEvent.count(), used: await db.invitation.count({ where: { usedAt: { not: null } } }) };
}

describe('invitations and reset links (real PostgreSQL)', () => {
  let admin: SessionUser;
  let coordinator: SessionUser;
  let outsiderCoordinator: SessionUser;
  let projectId: string;
  let otherProjectId: string;

  beforeAll(async () => {
    admin = await makeUser('ADMIN');
    coordinator = await makeUser('COORDINATOR');
    outsiderCoordinator = await makeUser('COORDINATOR');
    // Two dermatologists: Derm001 waits for a third.
    await makeUser('PHYSICIAN', ['Derm']);
    await makeUser('PHYSICIAN', ['Derm']);
    await importNoharm('invites', ['Derm001']);
    await importNoharm('elsewhere', ['Card001']);
    const db = getDb();
    projectId = (await db.project.findUniqueOrThrow({ where: { slug: 'invites' } })).id;
    otherProjectId = (await db.project.findUniqueOrThrow({ where: { slug: 'elsewhere' } })).id;
    await db.$transaction((tx) => addProjectMember(tx, { projectId, userId: coordinator.id, actorId: null }));
    await db.$transaction((tx) => addProjectMember(tx, { projectId: otherProjectId, userId: outsiderCoordinator.id, actorId: null }));
  });

  it('[COORDINATOR] invites a dermatologist into their project; only the hash is stored; the invitee joins, takes the waiting case, and the link works once', async () => {
    const link = await createInvitation({ actor: coordinator, input: { email: 'New.Derm@Example.org', role: 'PHYSICIAN', specialties: ['Derm'], projectId } });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await getDb().invitation.findUniqueOrThrow({ where: { id: link.id } });
    expect(stored.tokenHash).toBe(hashToken(link.token));
    expect(JSON.stringify(stored)).not.toContain(link.token);
    expect(stored.email).toBe('new.derm@example.org');
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(7 * 86400_000 - 60_000);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThan(7 * 86400_000 + 60_000);
    expect(await getWelcome(link.token)).toMatchObject({ status: 'pending', kind: 'INVITE', role: 'PHYSICIAN', projectName: 'Invites', inviterName: coordinator.name, specialties: ['Derm'] });

    const accepted = await acceptInvitation({ token: link.token, name: 'Dr New Derm', password: PASSWORD, confirm: PASSWORD });
    const user = await getDb().user.findUniqueOrThrow({ where: { email: 'new.derm@example.org' }, include: { specialties: { include: { specialty: true } }, memberships: true, assignments: { include: { case: true } } } });
    expect(accepted).toEqual({ email: 'new.derm@example.org', kind: 'INVITE', userId: user.id });
    expect(user).toMatchObject({ name: 'Dr New Derm', role: 'PHYSICIAN', isActive: true });
    expect(user.specialties.map((s) => s.specialty.code)).toEqual(['Derm']);
    expect(user.memberships.map((m) => m.projectId)).toEqual([projectId]);
    expect(user.assignments.map((a) => a.case.externalId)).toEqual(['Derm001']);
    expect(await authenticate('new.derm@example.org', PASSWORD)).not.toBeNull();
    const after = await getDb().invitation.findUniqueOrThrow({ where: { id: link.id } });
    expect(after.usedAt).not.toBeNull();
    expect(after.userId).toBe(user.id);
    const audit = await getDb().auditEvent.findMany({ where: { OR: [{ entityId: link.id }, { entityId: user.id }] }, select: { action: true, actorId: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(['invitation.accept', 'invitation.create', 'user.create']);

    // The same link again: refused with the precise message, nothing changes.
    const before = await snapshot();
    await expect(acceptInvitation({ token: link.token, name: 'Someone Else', password: 'another-password-2', confirm: 'another-password-2' })).rejects.toMatchObject({ code: 'CONFLICT', message: 'This link was already used.' });
    expect(await snapshot()).toEqual(before);
    expect(await authenticate('new.derm@example.org', PASSWORD)).not.toBeNull();
    expect((await getWelcome(link.token)).status).toBe('used');
  });

  it('two simultaneous uses of one link: exactly one account is created, the other is told the link was used', async () => {
    const link = await createInvitation({ actor: coordinator, input: { email: 'twice@example.org', role: 'ADJUDICATOR', projectId } });
    const results = await Promise.allSettled([
      acceptInvitation({ token: link.token, name: 'First', password: PASSWORD, confirm: PASSWORD }),
      acceptInvitation({ token: link.token, name: 'Second', password: PASSWORD, confirm: PASSWORD }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'CONFLICT', message: 'This link was already used.' });
    expect(await getDb().user.count({ where: { email: 'twice@example.org' } })).toBe(1);
    expect(await getDb().auditEvent.count({ where: { action: 'invitation.accept', entityId: link.id } })).toBe(1);
  });

  it('the database itself refuses to touch a used link again (a direct UPDATE throws)', async () => {
    const used = await getDb().invitation.findFirstOrThrow({ where: { usedAt: { not: null } } });
    await expect(getDb().$executeRaw`UPDATE invitations SET used_at = now(), user_id = NULL WHERE id = ${used.id}`).rejects.toThrow(/already used or revoked/);
    await expect(getDb().$executeRaw`UPDATE invitations SET revoked_at = now(), used_at = NULL WHERE id = ${used.id}`).rejects.toThrow(/already used or revoked/);
    await expect(getDb().$executeRaw`DELETE FROM invitations WHERE id = ${used.id}`).rejects.toThrow(/kept for the audit history/);
  });

  it('an expired link is refused with its date and the inviter named, in the app and in the database; nothing changes', async () => {
    const token = generateToken();
    const id = 'expired-invite-1';
    await getDb().$executeRaw`
      INSERT INTO invitations (id, kind, email, role, specialties, project_id, token_hash, expires_at, created_by_id, created_at)
      VALUES (${id}, 'INVITE', 'late@example.org', 'PHYSICIAN', ARRAY['Derm'], ${projectId}, ${hashToken(token)}, '2026-01-08T10:00:00Z', ${coordinator.id}, '2026-01-01T10:00:00Z')`;
    expect(await getWelcome(token)).toMatchObject({ status: 'expired', inviterName: coordinator.name });
    const before = await snapshot();
    await expect(acceptInvitation({ token, name: 'Dr Late', password: PASSWORD, confirm: PASSWORD })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `This link expired on 8 Jan 2026, 10:00 UTC; ask ${coordinator.name} for a new one.`,
    });
    expect(await snapshot()).toEqual(before);
    expect(await getDb().user.findUnique({ where: { email: 'late@example.org' } })).toBeNull();
    await expect(getDb().$executeRaw`UPDATE invitations SET used_at = now() WHERE id = ${id}`).rejects.toThrow(/has expired/);
  });

  it('a wrong or malformed token is "not valid" and changes nothing', async () => {
    const before = await snapshot();
    for (const token of [generateToken(), 'short', `${generateToken()}!`]) {
      expect(await getWelcome(token)).toEqual({ status: 'invalid' });
      await expect(acceptInvitation({ token, name: 'X', password: PASSWORD, confirm: PASSWORD })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'This link is not valid.' });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input with precise messages and writes nothing', async () => {
    const before = await snapshot();
    const invalid = [
      [{ email: 'not-an-email', role: 'ADJUDICATOR' }, 'Enter a valid email address.'],
      [{ email: 'x@example.org', role: 'PHYSICIAN', specialties: [] }, 'A physician needs at least one specialty.'],
      [{ email: 'x@example.org', role: 'PHYSICIAN', specialties: ['Cardio'] }, /Specialties must be among All, Card/],
      [{ email: 'x@example.org', role: 'ADJUDICATOR', expiresInDays: 31 }, 'A link lasts at most 30 days.'],
    ] as const;
    for (const [input, message] of invalid) {
      await expect(createInvitation({ actor: coordinator, input: input as never })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(typeof message === 'string' ? message.replace('.', '\\.') : message) });
    }
    await expect(createInvitation({ actor: coordinator, input: { email: 'boss@example.org', role: 'ADMIN' } })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only an admin can grant the admin role.' });
    await expect(createInvitation({ actor: coordinator, input: { email: admin.email, role: 'ADJUDICATOR' } })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already has an account') });
    await expect(createInvitation({ actor: coordinator, input: { email: 'x@example.org', role: 'ADJUDICATOR', projectId: otherProjectId } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await snapshot()).toEqual(before);
    expect(await getDb().invitation.count({ where: { email: { in: ['x@example.org', 'boss@example.org', 'not-an-email'] } } })).toBe(0);
    const link = await createInvitation({ actor: admin, input: { email: 'boss@example.org', role: 'ADMIN', expiresInDays: 1 } });
    await expect(acceptInvitation({ token: link.token, name: 'Boss', password: 'short', confirm: 'short' })).rejects.toMatchObject({ message: 'The password needs at least 10 characters.' });
    await expect(acceptInvitation({ token: link.token, name: 'Boss', password: PASSWORD, confirm: `${PASSWORD}x` })).rejects.toMatchObject({ message: 'The two passwords do not match.' });
    await expect(acceptInvitation({ token: link.token, name: '', password: PASSWORD, confirm: PASSWORD })).rejects.toMatchObject({ message: 'Enter your name.' });
    expect((await getWelcome(link.token)).status).toBe('pending');
  });

  it('a withdrawn link is refused; the invite list shows each state to whom it concerns', async () => {
    const link = await createInvitation({ actor: coordinator, input: { email: 'withdrawn@example.org', role: 'ADJUDICATOR', projectId } });
    await expect(revokeInvitation({ actor: outsiderCoordinator, invitationId: link.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await revokeInvitation({ actor: coordinator, invitationId: link.id });
    await expect(revokeInvitation({ actor: coordinator, invitationId: link.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(acceptInvitation({ token: link.token, name: 'W', password: PASSWORD, confirm: PASSWORD })).rejects.toMatchObject({ message: `This link was withdrawn; ask ${coordinator.name} for a new one.` });
    const mine = await listInvitations(coordinator);
    const byEmail = Object.fromEntries(mine.map((r) => [r.email, r.status]));
    expect(byEmail).toMatchObject({ 'new.derm@example.org': 'used', 'late@example.org': 'expired', 'withdrawn@example.org': 'revoked' });
    expect(byEmail['boss@example.org']).toBeUndefined();
    expect(await listInvitations(outsiderCoordinator)).toEqual([]);
    expect((await listInvitations(admin)).map((r) => r.email)).toContain('boss@example.org');
  });

  it('[COORDINATOR] issues a reset link for a project member: the new password works, the old one not, sessions end; admins and outsiders are refused', async () => {
    const person = await getDb().user.findUniqueOrThrow({ where: { email: 'new.derm@example.org' } });
    await expect(issuePasswordReset({ actor: coordinator, userId: admin.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await getDb().$transaction((tx) => addProjectMember(tx, { projectId, userId: admin.id, actorId: null }));
    await expect(issuePasswordReset({ actor: coordinator, userId: admin.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'A coordinator cannot change an admin.' });
    await expect(issuePasswordReset({ actor: outsiderCoordinator, userId: person.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const link = await issuePasswordReset({ actor: coordinator, userId: person.id });
    expect(await getWelcome(link.token)).toMatchObject({ status: 'pending', kind: 'PASSWORD_RESET', personName: 'Dr New Derm' });
    const result = await acceptInvitation({ token: link.token, password: 'the-new-password-9', confirm: 'the-new-password-9' });
    expect(result).toEqual({ email: person.email, kind: 'PASSWORD_RESET', userId: person.id });
    const after = await getDb().user.findUniqueOrThrow({ where: { id: person.id } });
    expect(after.sessionVersion).toBe(person.sessionVersion + 1);
    expect(after.passwordHash).not.toBe(person.passwordHash);
    expect(await authenticate(person.email, PASSWORD)).toBeNull();
    expect(await authenticate(person.email, 'the-new-password-9')).not.toBeNull();
    expect(await getDb().auditEvent.findMany({ where: { entityId: person.id, action: { startsWith: 'user.password.reset' } }, select: { action: true, actorId: true }, orderBy: { id: 'asc' } })).toEqual([
      { action: 'user.password.reset.issue', actorId: coordinator.id },
      { action: 'user.password.reset', actorId: person.id },
    ]);
    await expect(acceptInvitation({ token: link.token, password: 'yet-another-pass-1', confirm: 'yet-another-pass-1' })).rejects.toMatchObject({ message: 'This link was already used.' });
    expect(await authenticate(person.email, 'the-new-password-9')).not.toBeNull();
  });

  it('[COORDINATOR] sees someone they invited without a project, but cannot manage them until they share one', async () => {
    const link = await createInvitation({ actor: outsiderCoordinator, input: { email: 'free.agent@example.org', role: 'ADJUDICATOR' } });
    const { userId } = await acceptInvitation({ token: link.token, name: 'Free Agent', password: PASSWORD, confirm: PASSWORD });
    expect((await getDb().projectMember.count({ where: { userId } }))).toBe(0);
    expect((await listPeople({ actor: outsiderCoordinator })).map((p) => p.email)).toContain('free.agent@example.org');
    expect((await listPeople({ actor: coordinator })).map((p) => p.email)).not.toContain('free.agent@example.org');
    expect(await getPersonProfile({ actor: outsiderCoordinator, userId })).toMatchObject({ name: 'Free Agent', canManage: false });
    await expect(issuePasswordReset({ actor: outsiderCoordinator, userId })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('not a member of any of your projects') });
    await expect(getPersonProfile({ actor: coordinator, userId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
