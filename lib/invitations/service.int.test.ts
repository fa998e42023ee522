import { createServer, type AddressInfo } from 'node:net';
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
const linkUrl = (token: string) => `http://primum.test/welcome/${token}`;

/** A reset link issued without SMTP: its token comes back for the issuer to deliver. */
async function shownReset(actor: SessionUser, userId: string) {
  const link = await issuePasswordReset({ actor, userId, linkUrl });
  if (link.mailed) throw new Error('expected the link to be shown: no SMTP_URL in this test');
  return link;
}

async function snapshot() {
  const db = getDb();
  return { users: await db.user.count(), members: await db.projectMember.count(), assignments: await db.assignment.count(), audit: await db.auditEvent.count(), used: await db.invitation.count({ where: { usedAt: { not: null } } }) };
}

/** A minimal SMTP server on localhost that keeps what it receives: a real SMTP conversation. */
async function smtpSink(): Promise<{ url: string; messages: string[]; close: () => Promise<void> }> {
  const messages: string[] = [];
  const server = createServer((socket) => {
    let buffer = '';
    let data: string | null = null;
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            messages.push(data);
            data = null;
            socket.write('250 queued\r\n');
          } else data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A localhost port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
    await expect(issuePasswordReset({ actor: coordinator, userId: admin.id, linkUrl })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await getDb().$transaction((tx) => addProjectMember(tx, { projectId, userId: admin.id, actorId: null }));
    await expect(issuePasswordReset({ actor: coordinator, userId: admin.id, linkUrl })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'A coordinator cannot change an admin.' });
    await expect(issuePasswordReset({ actor: outsiderCoordinator, userId: person.id, linkUrl })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const link = await shownReset(coordinator, person.id);
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
    await expect(issuePasswordReset({ actor: outsiderCoordinator, userId, linkUrl })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('not a member of any of your projects') });
    await expect(getPersonProfile({ actor: coordinator, userId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an invitee invited into a project takes waiting cases only there; one invited without a project, in every project', async () => {
    // Nobody rates Neuro yet: both cases wait.
    await importNoharm('inv-neuro-a', ['Neuro003']);
    await importNoharm('inv-neuro-b', ['Neuro007']);
    const db = getDb();
    const a = (await db.project.findUniqueOrThrow({ where: { slug: 'inv-neuro-a' } })).id;
    await db.$transaction((tx) => addProjectMember(tx, { projectId: a, userId: coordinator.id, actorId: null }));
    const casesOf = async (userId: string) => (await db.assignment.findMany({ where: { userId }, select: { case: { select: { externalId: true } } } })).map((x) => x.case.externalId).sort();

    const link = await createInvitation({ actor: coordinator, input: { email: 'neuro.one@example.org', role: 'PHYSICIAN', specialties: ['Neuro'], projectId: a } });
    const one = await acceptInvitation({ token: link.token, name: 'Dr Neuro One', password: PASSWORD, confirm: PASSWORD });
    expect(await casesOf(one.userId)).toEqual(['Neuro003']);
    expect((await db.projectMember.findMany({ where: { userId: one.userId }, select: { projectId: true } })).map((m) => m.projectId)).toEqual([a]);
    expect(await db.assignment.count({ where: { case: { project: { slug: 'inv-neuro-b' } } } })).toBe(0);

    const free = await createInvitation({ actor: admin, input: { email: 'neuro.two@example.org', role: 'PHYSICIAN', specialties: ['Neuro'] } });
    const two = await acceptInvitation({ token: free.token, name: 'Dr Neuro Two', password: PASSWORD, confirm: PASSWORD });
    expect(await casesOf(two.userId)).toEqual(['Neuro003', 'Neuro007']);
  });

  it('the database refuses to redirect a pending link: project, specialties, account and issuer are frozen; only its use and withdrawal change it', async () => {
    const db = getDb();
    const link = await createInvitation({ actor: coordinator, input: { email: 'frozen@example.org', role: 'PHYSICIAN', specialties: ['Derm'], projectId } });
    const person = await db.user.findUniqueOrThrow({ where: { email: 'new.derm@example.org' } });
    const reset = await shownReset(coordinator, person.id);
    const rows = () => db.invitation.findMany({ where: { id: { in: [link.id, reset.id] } }, orderBy: { id: 'asc' } });
    const before = await rows();
    const altered = /an invitation cannot be altered/;
    const account = /an invitation names its account only when it is used/;
    await expect(db.$executeRaw`UPDATE invitations SET project_id = ${otherProjectId} WHERE id = ${link.id}`).rejects.toThrow(altered);
    await expect(db.$executeRaw`UPDATE invitations SET project_id = NULL WHERE id = ${link.id}`).rejects.toThrow(altered);
    await expect(db.$executeRaw`UPDATE invitations SET specialties = ARRAY['Card'] WHERE id = ${link.id}`).rejects.toThrow(altered);
    await expect(db.$executeRaw`UPDATE invitations SET created_by_id = ${admin.id} WHERE id = ${link.id}`).rejects.toThrow(altered);
    await expect(db.$executeRaw`UPDATE invitations SET id = 'another-id' WHERE id = ${link.id}`).rejects.toThrow(altered);
    await expect(db.$executeRaw`UPDATE invitations SET user_id = ${admin.id} WHERE id = ${link.id}`).rejects.toThrow(account);
    // A reset link's account never changes, not even as it is used.
    await expect(db.$executeRaw`UPDATE invitations SET user_id = ${admin.id} WHERE id = ${reset.id}`).rejects.toThrow(account);
    await expect(db.$executeRaw`UPDATE invitations SET used_at = now(), user_id = ${admin.id} WHERE id = ${reset.id}`).rejects.toThrow(account);
    await expect(db.$executeRaw`UPDATE invitations SET created_by_id = ${admin.id}, revoked_at = now() WHERE id = ${reset.id}`).rejects.toThrow(altered);
    expect(await rows()).toEqual(before);
    // What stays possible: withdrawing a link, and using an invitation (which names the new account).
    expect(await db.$executeRaw`UPDATE invitations SET revoked_at = now() WHERE id = ${reset.id}`).toBe(1);
    expect(await db.$executeRaw`UPDATE invitations SET used_at = now(), user_id = ${coordinator.id} WHERE id = ${link.id}`).toBe(1);
  });

  it('with SMTP configured a reset link is mailed to the person and never returned to the issuer; a failed send creates nothing', async () => {
    const db = getDb();
    const person = await db.user.findUniqueOrThrow({ where: { email: 'new.derm@example.org' } });
    const saved = process.env.SMTP_URL;
    const sink = await smtpSink();
    try {
      process.env.SMTP_URL = sink.url;
      const link = await issuePasswordReset({ actor: coordinator, userId: person.id, linkUrl });
      expect(link).toMatchObject({ mailed: true, token: null, email: person.email, kind: 'PASSWORD_RESET' });
      expect(JSON.stringify(link)).not.toContain('/welcome/');
      expect(sink.messages).toHaveLength(1);
      const message = sink.messages[0].replace(/=\n/g, '');
      expect(message).toMatch(new RegExp(`^To: ${person.email.replace('.', '\\.')}$`, 'mi'));
      const token = /primum\.test\/welcome\/([A-Za-z0-9_-]{43})/.exec(message)?.[1];
      expect(token).toBeDefined();
      expect((await db.invitation.findUniqueOrThrow({ where: { id: link.id } })).tokenHash).toBe(hashToken(token!));
      // The issue is the coordinator's; the use is the person's.
      expect(await db.auditEvent.findMany({ where: { action: 'user.password.reset.issue', data: { path: ['invitationId'], equals: link.id } }, select: { actorId: true, data: true } })).toEqual([
        { actorId: coordinator.id, data: { email: person.email, invitationId: link.id, expiresAt: link.expiresAt.toISOString(), delivery: 'mail' } },
      ]);
      await acceptInvitation({ token: token!, password: 'mailed-password-77', confirm: 'mailed-password-77' });
      expect(await authenticate(person.email, 'mailed-password-77')).not.toBeNull();
      expect(await db.auditEvent.findMany({ where: { action: 'user.password.reset', data: { path: ['invitationId'], equals: link.id } }, select: { actorId: true } })).toEqual([{ actorId: person.id }]);

      // Nothing listens at the configured address: refused with the reason, and no link exists.
      process.env.SMTP_URL = `smtp://127.0.0.1:${await closedPort()}`;
      const before = { links: await db.invitation.count(), audit: await db.auditEvent.count() };
      await expect(issuePasswordReset({ actor: coordinator, userId: person.id, linkUrl })).rejects.toMatchObject({
        code: 'CONFIG',
        message: `The email to ${person.email} could not be sent, so no reset link was created; check the mail settings (SMTP_URL) and try again.`,
      });
      expect({ links: await db.invitation.count(), audit: await db.auditEvent.count() }).toEqual(before);
    } finally {
      if (saved === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = saved;
      await sink.close();
    }
  });
});
