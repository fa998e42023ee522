import 'server-only';
import { getDb, type Tx } from '@/lib/db';
import { recordAudit } from '@/lib/audit';
import { hashPassword } from '@/lib/auth/password';
import type { Role, SessionUser } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { addProjectMember, requireProjectAccess, visibleProjects } from '@/lib/projects/membership';
import { requireInvitable, requireManageablePerson } from '@/lib/people/scope';
import { assignInProjects } from '@/lib/users/service';
import { isMailConfigured, sendLinkMail } from '@/lib/invitations/mail';
import { SPECIALTIES } from '@/lib/specialties';
import { acceptInvitationSchema, createInvitationSchema, type AcceptInvitationInput, type CreateInvitationInput } from '@/lib/invitations/schema';
import { formatUtc, generateToken, hashToken, isTokenShaped } from '@/lib/invitations/token';

type Actor = Pick<SessionUser, 'id' | 'role' | 'name'>;
const DAY_MS = 24 * 60 * 60 * 1000;

export type IssuedLink = { id: string; token: string; email: string; kind: 'INVITE' | 'PASSWORD_RESET'; role: Role; projectName: string | null; expiresAt: Date };

function invalidInput(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): AppError {
  const issue = error.issues[0];
  return new AppError('INVALID_INPUT', issue.message, { field: issue.path.join('.') });
}

/**
 * Invite someone by email: the role the actor may grant, specialties (physicians), optionally a
 * project the actor can see. The token is returned once and only its SHA-256 is stored.
 */
export async function createInvitation(options: { actor: Actor; input: CreateInvitationInput }): Promise<IssuedLink> {
  const parsed = createInvitationSchema.safeParse(options.input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const input = parsed.data;
  // A coordinator may invite a new coordinator: a new account escalates nobody (lib/people/scope.ts).
  requireInvitable(options.actor, input.role);
  const project = input.projectId ? await requireProjectAccess(options.actor, input.projectId) : null;
  const token = generateToken();
  return getDb().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new AppError('CONFLICT', `${input.email} already has an account; add them to a project from the project's People page instead.`);
    }
    const specialties = input.role === 'PHYSICIAN' ? [...new Set(input.specialties)].sort() : [];
    const created = await tx.invitation.create({
      data: { kind: 'INVITE', email: input.email, role: input.role, specialties, projectId: project?.id ?? null, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS), createdById: options.actor.id },
      select: { id: true, expiresAt: true },
    });
    await recordAudit(tx, {
      actorId: options.actor.id,
      action: 'invitation.create',
      entityType: 'invitation',
      entityId: created.id,
      data: { email: input.email, role: input.role, specialties, projectId: project?.id ?? null, expiresAt: created.expiresAt.toISOString() },
    });
    return { id: created.id, token, email: input.email, kind: 'INVITE', role: input.role, projectName: project?.name ?? null, expiresAt: created.expiresAt };
  });
}

/**
 * A reset link just issued: mailed to the person (no token: nobody else ever sees it), or, when
 * mail is not configured, its token for the issuer to deliver.
 */
export type IssuedReset = Omit<IssuedLink, 'token'> & ({ mailed: true; token: null } | { mailed: false; token: string });

/**
 * A password-reset link for a person the actor manages (coordinators: physicians and adjudicators
 * wholly inside their projects; lib/people/scope.ts). When SMTP is configured the link is mailed
 * to the person and NOT returned: the issuer never holds a way into the account. The mail is sent
 * inside the transaction that creates the link, so a failed send creates nothing (fails closed,
 * the issuer is told). Without SMTP the token is returned: showing it is the only way to deliver
 * it. `linkUrl` turns the token into the address to open (the action knows the app's origin).
 */
export async function issuePasswordReset(options: { actor: Actor; userId: string; expiresInDays?: number; linkUrl: (token: string) => string }): Promise<IssuedReset> {
  const person = await requireManageablePerson(options.actor, options.userId);
  if (person.isSimulated) throw new AppError('INVALID_INPUT', `${person.name} is a simulated rater and cannot sign in.`);
  if (!person.isActive) throw new AppError('CONFLICT', `${person.name} is deactivated; reactivate them before issuing a reset link.`);
  const days = options.expiresInDays ?? 7;
  if (!Number.isInteger(days) || days < 1 || days > 30) throw new AppError('INVALID_INPUT', 'A link lasts between 1 and 30 days.');
  const mail = isMailConfigured();
  const token = generateToken();
  return getDb().$transaction(
    async (tx) => {
      const created = await tx.invitation.create({
        data: { kind: 'PASSWORD_RESET', email: person.email, role: person.role, userId: person.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + days * DAY_MS), createdById: options.actor.id },
        select: { id: true, expiresAt: true },
      });
      await recordAudit(tx, {
        actorId: options.actor.id, action: 'user.password.reset.issue', entityType: 'user', entityId: person.id,
        data: { email: person.email, invitationId: created.id, expiresAt: created.expiresAt.toISOString(), delivery: mail ? 'mail' : 'shown to issuer' },
      });
      const issued = { id: created.id, email: person.email, kind: 'PASSWORD_RESET' as const, role: person.role, projectName: null, expiresAt: created.expiresAt };
      if (!mail) return { ...issued, token, mailed: false as const };
      try {
        await sendLinkMail({ to: person.email, kind: 'PASSWORD_RESET', url: options.linkUrl(token), inviterName: options.actor.name, role: person.role, projectName: null, expiresAt: created.expiresAt });
      } catch (error) {
        console.error('[reset] mail not sent', error);
        throw new AppError('CONFIG', `The email to ${person.email} could not be sent, so no reset link was created; check the mail settings (SMTP_URL) and try again.`);
      }
      return { ...issued, token: null, mailed: true as const };
    },
    // The send happens inside the transaction; nodemailer's own timeouts (lib/invitations/mail.ts) end first.
    { timeout: 60_000 },
  );
}

export type LinkStatus = 'pending' | 'used' | 'expired' | 'revoked';

export function statusOf(row: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): LinkStatus {
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

export type WelcomeView =
  | { status: 'invalid' }
  | { status: LinkStatus; kind: 'INVITE' | 'PASSWORD_RESET'; email: string; role: Role; specialties: string[]; projectName: string | null; inviterName: string; personName: string | null; expiresAt: string };

const linkSelect = {
  id: true, kind: true, email: true, role: true, specialties: true, projectId: true, userId: true, expiresAt: true, usedAt: true, revokedAt: true,
  project: { select: { name: true } }, createdBy: { select: { name: true } }, user: { select: { name: true } },
} as const;

async function findByToken(db: Pick<Tx, 'invitation'>, token: string) {
  if (!isTokenShaped(token)) return null;
  return db.invitation.findUnique({ where: { tokenHash: hashToken(token) }, select: linkSelect });
}

/** What /welcome/<token> shows: who invited whom for what, or why the link does not work. No session needed. */
export async function getWelcome(token: string): Promise<WelcomeView> {
  const row = await findByToken(getDb(), token);
  if (!row) return { status: 'invalid' };
  return {
    status: statusOf(row), kind: row.kind, email: row.email, role: row.role, specialties: row.specialties, projectName: row.project?.name ?? null,
    inviterName: row.createdBy?.name ?? 'your coordinator', personName: row.user?.name ?? null, expiresAt: row.expiresAt.toISOString(),
  };
}

function refusal(row: NonNullable<Awaited<ReturnType<typeof findByToken>>>, status: LinkStatus): AppError {
  const inviter = row.createdBy?.name ?? 'your coordinator';
  if (status === 'used') return new AppError('CONFLICT', 'This link was already used.');
  if (status === 'revoked') return new AppError('CONFLICT', `This link was withdrawn; ask ${inviter} for a new one.`);
  return new AppError('CONFLICT', `This link expired on ${formatUtc(row.expiresAt)}; ask ${inviter} for a new one.`);
}

/** Mark the link used; the database trigger also refuses a second use or a use after expiry. */
async function useLink(tx: Tx, row: NonNullable<Awaited<ReturnType<typeof findByToken>>>, userId: string): Promise<void> {
  const used = await tx.invitation.updateMany({ where: { id: row.id, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date(), userId } });
  if (used.count !== 1) throw new AppError('CONFLICT', 'This link was already used.');
}

/**
 * Accept an invitation (create the account, join the project, take waiting cases) or use a reset
 * link (new password, every open session ends). One transaction: a refused link changes nothing.
 * Returns the email to sign in with.
 */
export async function acceptInvitation(input: AcceptInvitationInput): Promise<{ email: string; kind: 'INVITE' | 'PASSWORD_RESET'; userId: string }> {
  const parsed = acceptInvitationSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error);
  const { token, name, password } = parsed.data;
  const first = await findByToken(getDb(), token);
  if (!first) throw new AppError('NOT_FOUND', 'This link is not valid.');
  if (statusOf(first) !== 'pending') throw refusal(first, statusOf(first));
  if (first.kind === 'INVITE' && !name) throw new AppError('INVALID_INPUT', 'Enter your name.', { field: 'name' });
  const passwordHash = await hashPassword(password);
  try {
    return await getDb().$transaction(async (tx) => {
      // Lock the row, then re-read it: of two concurrent uses the second waits and sees the first.
      await tx.$queryRaw`SELECT id FROM invitations WHERE id = ${first.id} FOR UPDATE`;
      const row = (await findByToken(tx, token))!;
      if (statusOf(row) !== 'pending') throw refusal(row, statusOf(row));
      return row.kind === 'INVITE' ? createInvitedUser(tx, row, name!, passwordHash) : resetPassword(tx, row, passwordHash);
    });
  } catch (error) {
    if (error instanceof Error && /primum: this link (was already used|has expired)/.test(error.message)) throw new AppError('CONFLICT', 'This link was already used or has expired.');
    throw error;
  }
}

async function createInvitedUser(tx: Tx, row: NonNullable<Awaited<ReturnType<typeof findByToken>>>, name: string, passwordHash: string) {
  if (await tx.user.findUnique({ where: { email: row.email }, select: { id: true } })) {
    throw new AppError('CONFLICT', `${row.email} already has an account: sign in instead, or ask for a password reset.`);
  }
  const specialtyIds: Array<{ specialtyId: string }> = [];
  for (const code of row.specialties) {
    const known = SPECIALTIES.find((s) => s.code === code);
    if (!known) continue;
    const specialty = await tx.specialty.upsert({ where: { code }, create: known, update: {}, select: { id: true } });
    specialtyIds.push({ specialtyId: specialty.id });
  }
  const user = await tx.user.create({ data: { email: row.email, name, role: row.role, passwordHash, specialties: { create: specialtyIds } }, select: { id: true } });
  await useLink(tx, row, user.id);
  await recordAudit(tx, { actorId: user.id, action: 'user.create', entityType: 'user', entityId: user.id, data: { email: row.email, role: row.role, specialties: row.specialties, invitationId: row.id } });
  await recordAudit(tx, { actorId: user.id, action: 'invitation.accept', entityType: 'invitation', entityId: row.id, data: { email: row.email, userId: user.id } });
  if (row.projectId) await addProjectMember(tx, { projectId: row.projectId, userId: user.id, actorId: user.id });
  // Invited into a project: its waiting cases only (the inviter's scope); invited without one: as
  // `primum user add` does, every project's waiting cases of their specialties.
  if (row.role === 'PHYSICIAN') await assignInProjects(tx, row.projectId ? [row.projectId] : 'all', user.id);
  return { email: row.email, kind: 'INVITE' as const, userId: user.id };
}

async function resetPassword(tx: Tx, row: NonNullable<Awaited<ReturnType<typeof findByToken>>>, passwordHash: string) {
  const userId = row.userId!;
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, isActive: true } });
  if (!user.isActive) throw new AppError('CONFLICT', 'This account is deactivated; ask your coordinator.');
  await useLink(tx, row, userId);
  // A new password ends every session opened with the old one.
  await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
  await recordAudit(tx, { actorId: userId, action: 'user.password.reset', entityType: 'user', entityId: userId, data: { email: user.email, invitationId: row.id } });
  return { email: user.email, kind: 'PASSWORD_RESET' as const, userId };
}

export type InvitationRow = { id: string; kind: 'INVITE' | 'PASSWORD_RESET'; email: string; role: Role; specialties: string[]; projectName: string | null; inviterName: string | null; status: LinkStatus; createdAt: string; expiresAt: string; usedAt: string | null; revokedAt: string | null; userId: string | null };

/** Links the actor issued or that lead into a project they can see (admins: all). */
function invitationScope(actor: Pick<SessionUser, 'id' | 'role'>) {
  return actor.role === 'ADMIN' ? {} : { OR: [{ createdById: actor.id }, { project: visibleProjects(actor) }] };
}

/** Invitations and reset links the actor issued or that lead into their projects (admins: all), newest first. */
export async function listInvitations(actor: Pick<SessionUser, 'id' | 'role'>, limit = 200): Promise<InvitationRow[]> {
  const rows = await getDb().invitation.findMany({
    where: invitationScope(actor),
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { ...linkSelect, createdAt: true },
  });
  const now = new Date();
  return rows.map((r) => ({
    id: r.id, kind: r.kind, email: r.email, role: r.role, specialties: r.specialties, projectName: r.project?.name ?? null, inviterName: r.createdBy?.name ?? null,
    status: statusOf(r, now), createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt.toISOString(), usedAt: r.usedAt?.toISOString() ?? null, revokedAt: r.revokedAt?.toISOString() ?? null, userId: r.userId,
  }));
}

/** Withdraw a pending link (audited); a used or expired one cannot be withdrawn. */
export async function revokeInvitation(options: { actor: Pick<SessionUser, 'id' | 'role'>; invitationId: string }): Promise<{ email: string }> {
  return getDb().$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id: options.invitationId, ...invitationScope(options.actor) }, select: { id: true, email: true, usedAt: true, revokedAt: true, expiresAt: true } });
    if (!row) throw new AppError('NOT_FOUND', 'No such invitation.');
    const status = statusOf(row);
    if (status !== 'pending') throw new AppError('CONFLICT', `This link is already ${status}; there is nothing to withdraw.`);
    await tx.invitation.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actorId: options.actor.id, action: 'invitation.revoke', entityType: 'invitation', entityId: row.id, data: { email: row.email } });
    return { email: row.email };
  });
}
